/**
 * Capture times written into screenshot and photo file names by phones and computers.
 * These are the device's local wall-clock time, with no zone: the result is a wall-clock string.
 */
interface NamePattern {
  readonly regex: RegExp;
  readonly label: string;
}

// Groups: year, month, day, hour, minute, second (second optional).
const PATTERNS: readonly NamePattern[] = [
  // Android: Screenshot_20240312-210455.png, Screenshot_20240312-210455_WhatsApp.jpg
  {
    regex: /Screenshot_(\d{4})(\d{2})(\d{2})[-_](\d{2})(\d{2})(\d{2})/i,
    label: 'Android screenshot',
  },
  // Older Android / Samsung: Screenshot_2024-03-12-21-04-55.png
  {
    regex: /Screenshot_(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})/i,
    label: 'Android screenshot',
  },
  // macOS: "Screenshot 2024-03-12 at 21.04.55.png", "Capture d'écran 2024-03-12 à 21.04.55.png"
  {
    regex:
      /(?:Screenshot|Screen Shot|Capture d.écran|Bildschirmfoto|Captura de pantalla) (\d{4})-(\d{2})-(\d{2}) (?:at|à|um|a las) (\d{1,2})\.(\d{2})\.(\d{2})/iu,
    label: 'macOS screenshot',
  },
  // Windows: "Capture d'écran 2024-03-12 210455.png", "Screenshot 2024-03-12 210455.png"
  {
    regex: /(?:Screenshot|Capture d.écran) (\d{4})-(\d{2})-(\d{2}) (\d{2})(\d{2})(\d{2})/iu,
    label: 'Windows screenshot',
  },
  // Camera: IMG_20240312_210455.jpg, VID_20240312_210455.mp4, PXL_20240312_210455123.jpg
  { regex: /(?:IMG|VID|PXL|MVIMG)_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/i, label: 'camera' },
  // WhatsApp media saved on Android: IMG-20240312-WA0001.jpg (date only)
  {
    regex: /(?:IMG|VID|AUD|PTT|STK|DOC)-(\d{4})(\d{2})(\d{2})-WA\d+/i,
    label: 'WhatsApp media (date only)',
  },
  // Generic: 2024-03-12_21-04-55, 20240312_210455
  {
    regex: /(?<!\d)(\d{4})-(\d{2})-(\d{2})[ _T-](\d{2})[-.:h](\d{2})[-.:m](\d{2})(?!\d)/i,
    label: 'date in name',
  },
];

export interface FileNameTime {
  /** `YYYY-MM-DDTHH:mm:ss`, or `YYYY-MM-DD` when the name holds only a date. */
  readonly wallClock: string;
  readonly precision: 'second' | 'day';
  readonly pattern: string;
}

/** Reads a capture time from a file name, or undefined when none of the known patterns match. */
export function readTimeFromFileName(fileName: string): FileNameTime | undefined {
  for (const { regex, label } of PATTERNS) {
    const match = regex.exec(fileName.normalize('NFC'));
    if (!match) continue;
    const [year, month, day, hour, minute, second] = match
      .slice(1)
      .map((part) => (part === undefined ? undefined : Number(part)));
    if (!isPlausibleDate(year, month, day)) continue;
    if (hour === undefined || minute === undefined) {
      return { wallClock: `${year}-${pad(month)}-${pad(day)}`, precision: 'day', pattern: label };
    }
    if (hour > 23 || minute > 59 || (second ?? 0) > 59) continue;
    return {
      wallClock: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second ?? 0)}`,
      precision: 'second',
      pattern: label,
    };
  }
  return undefined;
}

function isPlausibleDate(year?: number, month?: number, day?: number): boolean {
  if (year === undefined || month === undefined || day === undefined) return false;
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function pad(value: number | undefined): string {
  return String(value ?? 0).padStart(2, '0');
}

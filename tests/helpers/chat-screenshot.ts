import sharp from 'sharp';

/** One message bubble: from the other party (left, grey) or from the phone's owner (right, blue). */
export interface Bubble {
  readonly lines: readonly string[];
  readonly isMine?: boolean;
}

const WIDTH = 1080;
const HEIGHT = 1920;
const FONT_SIZE = 36;
const LINE_HEIGHT = 50;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A synthetic phone chat screenshot (1080×1920 PNG), drawn with the DejaVu font, for OCR tests:
 * a header with the other party's handle, then the bubbles top to bottom.
 */
export async function renderChatScreenshot(
  title: string,
  bubbles: readonly Bubble[],
): Promise<Buffer> {
  const parts: string[] = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<rect width="${WIDTH}" height="150" fill="#f2f2f2"/>`,
    `<text x="40" y="60" font-family="DejaVu Sans" font-size="30" fill="#000">21:04</text>`,
    `<text x="40" y="125" font-family="DejaVu Sans" font-weight="bold" font-size="${FONT_SIZE}" fill="#000">${escapeXml(title)}</text>`,
  ];
  let y = 200;
  for (const bubble of bubbles) {
    const height = bubble.lines.length * LINE_HEIGHT + 30;
    const x = bubble.isMine ? 260 : 30;
    parts.push(
      `<rect x="${x}" y="${y}" width="${WIDTH - 290}" height="${height}" rx="24" fill="${bubble.isMine ? '#dbeaff' : '#ececec'}"/>`,
    );
    bubble.lines.forEach((line, index) => {
      parts.push(
        `<text x="${x + 24}" y="${y + 52 + index * LINE_HEIGHT}" font-family="DejaVu Sans" font-size="${FONT_SIZE}" fill="#111">${escapeXml(line)}</text>`,
      );
    });
    y += height + 30;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

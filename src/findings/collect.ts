import type {
  ExtractOptions,
  Finding,
  FindingKind,
  Occurrence,
  Place,
  TextUnit,
  Validity,
} from '../model/findings.js';
import { extractFromText } from './extract-text.js';

const SIGNAL_KINDS: ReadonlySet<FindingKind> = new Set(['demand', 'threat', 'deadline']);

interface Group {
  readonly kind: FindingKind;
  readonly normalized: string;
  validity: Validity;
  detail?: string;
  readonly occurrences: Occurrence[];
}

/**
 * Gathers matches from many texts into findings: one per identifier or amount (with every place
 * it appears), one per demand, threat or deadline per message. Numbered in order of first
 * appearance, so the same evidence read in the same order gives the same ids.
 */
export class FindingCollector {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly options: ExtractOptions) {}

  /** Reads one message or one image text. */
  addText(unit: TextUnit): void {
    if (unit.text.length === 0) return;
    for (const match of extractFromText(unit.text, this.options, unit.context)) {
      const key = SIGNAL_KINDS.has(match.kind)
        ? `${match.kind}|${placeKey(unit.place)}`
        : `${match.kind}|${match.normalized}`;
      const group = this.groupFor(key, match.kind, match.normalized, match.detail);
      // One invalid reading does not unmake a checksum another place confirmed, and vice versa.
      if (match.validity === 'valid') group.validity = 'valid';
      group.occurrences.push({
        place: unit.place,
        value: match.value,
        ...(unit.sender ? { sender: unit.sender } : {}),
        ...(unit.senderId ? { senderId: unit.senderId } : {}),
        ...(unit.at ? { at: unit.at } : {}),
        ...(match.repair ? { repair: match.repair } : {}),
        ...(unit.isFromExporter ? { isFromExporter: true } : {}),
      });
    }
  }

  /** Records an account id or handle the export gives for a participant. */
  addIdentifier(
    kind: 'phone' | 'email' | 'handle' | 'account-id',
    normalized: string,
    occurrence: Occurrence,
    validity: Validity = 'unverified',
  ): void {
    const group = this.groupFor(`${kind}|${normalized}`, kind, normalized, undefined);
    if (validity === 'valid') group.validity = 'valid';
    group.occurrences.push(occurrence);
  }

  /** The findings, numbered F1, F2… */
  findings(): Finding[] {
    return [...this.groups.values()].map((group, index) => {
      const times = group.occurrences
        .map((occurrence) => occurrence.at)
        .filter((at): at is string => at !== undefined)
        .sort();
      return {
        id: `F${index + 1}`,
        kind: group.kind,
        normalized: group.normalized,
        validity: group.validity,
        ...(group.detail ? { detail: group.detail } : {}),
        occurrences: group.occurrences,
        ...(times.length > 0 ? { firstSeen: times[0], lastSeen: times[times.length - 1] } : {}),
      };
    });
  }

  private groupFor(
    key: string,
    kind: FindingKind,
    normalized: string,
    detail: string | undefined,
  ): Group {
    let group = this.groups.get(key);
    if (!group) {
      group = { kind, normalized, validity: 'unverified', occurrences: [] };
      if (detail) group.detail = detail;
      this.groups.set(key, group);
    }
    return group;
  }
}

function placeKey(place: Place): string {
  if (place.message !== undefined) return `${place.exhibit}#${place.message}`;
  if (place.region) {
    const { x, y, width, height } = place.region;
    return `${place.exhibit}@${x},${y},${width},${height}`;
  }
  return place.exhibit;
}

import { UsageError } from '../model/errors.js';
import { findUnsafePath } from './bagit-text.js';

/** Tag files the writer makes itself; a caller's tag file may not take these names. */
const RESERVED_TAG_FILE = /^(bagit\.txt|bag-info\.txt|fetch\.txt|(tag)?manifest-[a-z0-9]+\.txt)$/;

/** bag-info labels the writer computes; a caller may not set them. */
export const COMPUTED_BAG_INFO_LABELS = ['Bagging-Date', 'Bag-Size', 'Payload-Oxum'] as const;

/** The ZIP's top folder: one path segment that every unzip tool keeps as it is. */
export function checkTopFolder(topFolder: string): void {
  if (
    topFolder === '' ||
    topFolder === '.' ||
    topFolder === '..' ||
    /[/\\:*?"<>|\u0000-\u001f\u007f]/.test(topFolder) ||
    topFolder.trim() !== topFolder
  ) {
    throw new UsageError({
      code: 'error.bagit.bagLayout.bagSTop',
      params: { topFolder: JSON.stringify(topFolder) },
    });
  }
}

/**
 * A path inside the bag: relative, clean, no control characters (so every manifest line is one
 * line even before percent-encoding), no tab or edge space (manifests separate with whitespace).
 */
export function checkBagPath(bagPath: string, kind: 'payload' | 'tag'): void {
  const unsafe = findUnsafePath(bagPath);
  const problem =
    unsafe ??
    (/[\u0000-\u001f\u007f]/.test(bagPath)
      ? 'contains a control character (tab, line break…)'
      : undefined) ??
    (bagPath.trim() !== bagPath || bagPath.split('/').some((part) => part.trim() !== part)
      ? 'has a space at the start or end of a name'
      : undefined) ??
    (kind === 'payload' && !bagPath.startsWith('data/') ? 'is not under data/' : undefined) ??
    (kind === 'tag' && bagPath.startsWith('data/')
      ? 'is under data/ (that is payload)'
      : undefined) ??
    (kind === 'tag' && RESERVED_TAG_FILE.test(bagPath)
      ? 'is a tag file the bag writer makes itself'
      : undefined);
  if (problem !== undefined) {
    throw new UsageError({
      code:
        kind === 'payload' ? 'error.bagit.bagLayout.payloadPath' : 'error.bagit.bagLayout.tagPath',
      params: { path: JSON.stringify(bagPath), problem },
    });
  }
}

/** Every path once, case-insensitively too: a bag must extract the same on macOS and Windows. */
export function checkUniquePaths(paths: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const path of paths) {
    const key = path.normalize('NFC').toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new UsageError({
        code: 'error.bagit.bagLayout.bagPathsCollide',
        params: { earlier: JSON.stringify(earlier), path: JSON.stringify(path) },
      });
    }
    seen.set(key, path);
  }
}

export function checkBagInfoLabels(bagInfo: Readonly<Record<string, string>>): void {
  for (const label of COMPUTED_BAG_INFO_LABELS) {
    if (Object.hasOwn(bagInfo, label)) {
      throw new UsageError({
        code:
          label === 'Bagging-Date'
            ? 'error.bagit.bagLayout.baggingDateComputed'
            : 'error.bagit.bagLayout.labelComputed',
        params: { label },
      });
    }
  }
}

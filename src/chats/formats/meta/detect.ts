/**
 * Whether an export is Meta's (Instagram, Messenger), from its thread files' places and first
 * bytes; the HTML reader is loaded only for an HTML thread file.
 */
import { posix } from 'node:path';
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry, sniffEntry } from '../entries.js';

const threadFilePattern =
  /^(?<root>(?:.*\/)?)messages\/(?<box>[^/]+)\/(?<thread>[^/]+)\/message_(?<n>\d+)\.(?<ext>json|html)$/;
/** A thread file copied out of its folders (`message_1.json` on its own, or in any folder). */
const looseFilePattern = /^(?<dir>(?:.*\/)?)message_(?<n>\d+)\.(?<ext>json|html)$/;
export const knownBoxes = new Set([
  'inbox',
  'message_requests',
  'archived_threads',
  'filtered_threads',
  'e2ee_cutover',
]);

export type Platform = 'instagram' | 'facebook';

export interface ThreadFiles {
  readonly root: string;
  /** `inbox`, `message_requests`…; empty for a thread file found outside `messages/<box>/`. */
  readonly box: string;
  readonly dir: string;
  /** Paths of message_N.json (or .html when the folder has no JSON), by N ascending (newest first). */
  readonly files: string[];
  readonly isHtml: boolean;
}

/** Where a thread file sits: in `messages/<box>/<thread>/`, loose, or the single file given. */
function placeThreadFile(
  path: string,
  container: ExportSource['container'],
): { root: string; box: string; n: number; ext: string } | undefined {
  const match = threadFilePattern.exec(path)?.groups;
  if (match)
    return { root: match.root ?? '', box: match.box ?? '', n: Number(match.n), ext: match.ext! };
  const loose = looseFilePattern.exec(path)?.groups;
  if (loose) return { root: loose.dir ?? '', box: '', n: Number(loose.n), ext: loose.ext! };
  // One file given on its own, renamed: its content decides (see detect).
  const ext = posix.extname(path).slice(1).toLowerCase();
  if (container === 'file')
    return { root: '', box: '', n: 1, ext: ext === 'html' || ext === 'htm' ? 'html' : 'json' };
  return undefined;
}

/** Groups the thread files of a Meta export by thread folder; JSON wins over HTML in a folder. */
export function findThreads(source: ExportSource): ThreadFiles[] {
  const byDir = new Map<
    string,
    { root: string; box: string; byExt: Map<string, [string, number][]> }
  >();
  for (const { path } of source.entries) {
    if (isJunkEntry(path)) continue;
    const place = placeThreadFile(path, source.container);
    if (!place) continue;
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    let entry = byDir.get(dir);
    if (!entry) {
      entry = { root: place.root, box: place.box, byExt: new Map() };
      byDir.set(dir, entry);
    }
    const list = entry.byExt.get(place.ext) ?? [];
    list.push([path, place.n]);
    entry.byExt.set(place.ext, list);
  }
  return [...byDir]
    .map(([dir, { root, box, byExt }]) => {
      const isHtml = !byExt.has('json');
      const files = (byExt.get(isHtml ? 'html' : 'json') ?? [])
        .sort((a, b) => a[1] - b[1])
        .map(([path]) => path);
      return { root, box, dir, files, isHtml };
    })
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** Which app made the export, from its folder root; undefined for the older `messages/` root. */
export function platformFromRoot(root: string): Platform | undefined {
  if (/(^|\/)your_instagram_activity\/$/.test(root)) return 'instagram';
  if (/(^|\/)(your_facebook_activity|your_activity_across_facebook)\/$/.test(root))
    return 'facebook';
  return undefined;
}

/** Older exports have no telling root: look at the other top-level folders. */
export function platformFromSiblings(source: ExportSource, root: string): Platform | undefined {
  const names = new Set(source.entries.map((e) => e.path.slice(root.length).split('/')[0]));
  if (names.has('followers_and_following') || names.has('connections')) return 'instagram';
  if (
    names.has('friends') ||
    names.has('profile_information') ||
    names.has('friends_and_followers')
  )
    return 'facebook';
  return undefined;
}

/** The head of a JSON thread file: a "messages" list whose items have Meta's own keys. */
function looksLikeMetaJson(head: string): boolean {
  return /"messages"\s*:/.test(head) && /"(sender_name|timestamp_ms)"\s*:/.test(head);
}

/**
 * The detector of one platform's export: both read the same layout, the folders around it tell
 * which app made it.
 */
export function detectMeta(platform: Platform): (source: ExportSource) => Promise<number> {
  return async (source) => {
    try {
      const threads = findThreads(source);
      const first = threads[0];
      if (!first) return 0;
      const head = await sniffEntry(source, first.files[0]!, first.isHtml ? 65_536 : 4096);
      const looksMeta = first.isHtml
        ? (await import('./html.js')).looksLikeMetaHtml(head)
        : /"participants"\s*:/.test(head) || /"messages"\s*:/.test(head);
      // A thread file outside `messages/<box>/` is recognised by its content only.
      if (first.box === '' && !(first.isHtml ? looksMeta : looksLikeMetaJson(head))) return 0;
      const known = knownBoxes.has(first.box) ? 0.05 : 0;
      const found = platformFromRoot(first.root) ?? platformFromSiblings(source, first.root);
      if (found === undefined) return (platform === 'instagram' ? 0.8 : 0.75) + known;
      return found === platform ? (looksMeta ? 0.9 : 0.7) + known : 0.1;
    } catch {
      return 0;
    }
  };
}

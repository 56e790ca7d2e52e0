import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Splits what the user typed or dropped into the terminal into paths. Terminals write a dropped
 * file as `'/path/My File.png'` (GNOME, KDE), `/path/My\ File.png` (macOS, iTerm), `"C:\…"`
 * (Windows) or `file:///path/My%20File.png`, several separated by spaces. `~/` is the home folder.
 * Backslash is an escape outside quotes except on Windows, where it separates folders.
 */
export function splitDroppedPaths(
  line: string,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string[] {
  const isWindows = platform === 'win32';
  const paths: string[] = [];
  let current = '';
  let hasToken = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (
        char === '\\' &&
        quote === '"' &&
        !isWindows &&
        /["\\$`]/.test(line[index + 1] ?? '')
      ) {
        index += 1;
        current += line[index];
      } else current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      hasToken = true;
    } else if (char === '\\' && !isWindows && index + 1 < line.length) {
      index += 1;
      current += line[index];
      hasToken = true;
    } else if (/\s/.test(char)) {
      if (hasToken) paths.push(current);
      current = '';
      hasToken = false;
    } else {
      current += char;
      hasToken = true;
    }
  }
  if (hasToken) paths.push(current);
  return paths.map((path) => expandPath(path, home));
}

function expandPath(path: string, home: string): string {
  if (path.startsWith('file://')) {
    try {
      return fileURLToPath(path);
    } catch {
      return path;
    }
  }
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith(`~${sep}`)) return join(home, path.slice(2));
  return path;
}

/**
 * The paths of an answer, each one existing, or the first that does not. Words that an unquoted
 * space split (`~/Captures/profil jess.webp`) are joined again when together they name a file.
 */
export function findDroppedPaths(
  line: string,
  exists: (path: string) => boolean,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): { readonly paths: readonly string[] } | { readonly missing: string } {
  const words = splitDroppedPaths(line, platform, home);
  const paths: string[] = [];
  for (let start = 0; start < words.length; ) {
    let end = start;
    while (end < words.length && !exists(words.slice(start, end + 1).join(' '))) end += 1;
    if (end === words.length) return { missing: words[start]! };
    paths.push(words.slice(start, end + 1).join(' '));
    start = end + 1;
  }
  return { paths };
}

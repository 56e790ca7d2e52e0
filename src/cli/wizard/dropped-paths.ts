import { homedir } from 'node:os';
import { join } from 'node:path';
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
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

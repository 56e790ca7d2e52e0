/**
 * System tools some tests use as independent cross-checks (qpdf, poppler, unzip, openssl…). On a
 * machine with Node alone they are absent: the test is skipped with a note naming the tool and its
 * package. Under PREUVE_REQUIRE_TOOLS=1 (.ci/run sets it) a missing tool fails the test instead,
 * so CI still runs every cross-check.
 */
import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { path7za } from '7zip-bin';

/** The Debian package that provides each tool (.ci/run installs them all). */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  qpdf: 'qpdf',
  pdftotext: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdfimages: 'poppler-utils',
  pdfdetach: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  unzip: 'unzip',
  zip: 'zip',
  openssl: 'openssl',
  script: 'bsdutils',
  sh: 'dash',
  sha256sum: 'coreutils',
  sha512sum: 'coreutils',
  mkfifo: 'coreutils',
  sync: 'coreutils',
  strace: 'strace',
  runuser: 'util-linux',
};

const found = new Map<string, boolean>();

/** Whether `name` is an executable file in one of PATH's folders. */
export function hasTool(name: string): boolean {
  let present = found.get(name);
  if (present === undefined) {
    present = (process.env.PATH ?? '').split(delimiter).some((dir) => {
      if (!dir) return false;
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    found.set(name, present);
  }
  return present;
}

/** The tools among `names` that are not on PATH. */
export function missingTools(names: readonly string[]): string[] {
  return names.filter((name) => !hasTool(name));
}

/** "needs qpdf (apt-get install qpdf)": why a test is skipped. */
export function describeMissing(names: readonly string[]): string {
  const packages = [...new Set(names.map((name) => TOOL_PACKAGES[name] ?? name))];
  return `needs ${names.join(', ')} (apt-get install ${packages.join(' ')})`;
}

/** Whether the run must fail rather than skip when a tool is missing (CI). */
export function areToolsRequired(): boolean {
  return process.env.PREUVE_REQUIRE_TOOLS === '1';
}

interface Skippable {
  skip(note?: string): never;
}

/**
 * Call first in a test (or a beforeEach) that runs system tools: present → the test runs; absent →
 * the test is skipped with a note naming the tool and its package; absent under
 * PREUVE_REQUIRE_TOOLS=1 → the test fails.
 */
export function requireTool(context: Skippable, ...names: string[]): void {
  const missing = missingTools(names);
  if (missing.length === 0) return;
  const reason = describeMissing(missing);
  if (areToolsRequired()) throw new Error(`PREUVE_REQUIRE_TOOLS=1 and this test ${reason}`);
  context.skip(reason);
}

/** For a beforeAll that prepares what only tool-using tests need: false when it should not run. */
export function canUseTools(...names: string[]): boolean {
  return missingTools(names).length === 0;
}

/**
 * A 7-Zip command: Debian's `7z` when installed, else the 7za that the 7zip-bin package ships
 * (npm ci does not always keep its execute bit, so it is set here).
 */
export function sevenZipCommand(): string {
  if (hasTool('7z')) return '7z';
  const path = path7za;
  if ((statSync(path).mode & 0o100) === 0) chmodSync(path, 0o755);
  return path;
}

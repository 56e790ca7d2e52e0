import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initCase, withCase } from '../../src/case/store.js';
import { addEvidence } from '../../src/evidence/add.js';
import { fixedClock } from '../../src/model/clock.js';
import { snapshotTree } from '../helpers/case-state.js';
import { BIN, makeTempDir, runPreuve, startPreuve, TEST_ENV } from '../helpers/cli.js';
import { requireTool } from '../helpers/tools.js';

const clock = fixedClock('2026-11-30T09:15:00.000Z');
/** The uid and gid of Debian's "nobody" user and "nogroup" group. */
const NOBODY = 65534;

async function newCase() {
  const root = makeTempDir();
  const caseDir = join(root, 'case');
  await initCase({
    dir: caseDir,
    operator: 'Test',
    language: 'fr',
    timeZone: 'Europe/Paris',
    clock,
    reference: 'PRV-20261130-7K3Q',
  });
  return { root, caseDir };
}

describe('a file changing while it is read', () => {
  it('is refused with a clear message; nothing is recorded for it and no copy is left', async () => {
    const { root, caseDir } = await newCase();
    writeFileSync(join(root, 'growing.log'), 'first line\n');
    const before = snapshotTree(caseDir);
    const attempt = withCase(caseDir, { command: 'add', operator: 'Test', clock }, (session) =>
      addEvidence(session, {
        paths: [join(root, 'growing.log')],
        isSensitive: false,
        operator: 'Test',
        clock,
        afterCopy: async (file) => appendFileSync(file.realPath, 'second line\n'),
      }),
    );
    await expect(attempt).rejects.toThrow(
      /growing\.log: the file changed while it was being copied \(size 11 → 23 bytes\)\. Nothing was added for it/,
    );
    expect(snapshotTree(caseDir)).toEqual(before);
  });

  it('the files before it stay added, and the message says which', async () => {
    const { root, caseDir } = await newCase();
    writeFileSync(join(root, 'a.txt'), 'a\n');
    writeFileSync(join(root, 'b.txt'), 'b\n');
    const attempt = withCase(caseDir, { command: 'add', operator: 'Test', clock }, (session) =>
      addEvidence(session, {
        paths: [join(root, 'a.txt'), join(root, 'b.txt')],
        isSensitive: false,
        operator: 'Test',
        clock,
        afterCopy: async (file) => {
          if (file.name === 'b.txt') appendFileSync(file.realPath, 'more\n');
        },
      }),
    );
    await expect(attempt).rejects.toThrow(/b\.txt: the file changed .*\(P1 was added\.\)/);
    expect(readdirSync(join(caseDir, 'evidence'))).toEqual(['P1']);
    expect(runPreuve(['verify', caseDir]).code).toBe(0);
  });
});

describe('interrupting preuve add', () => {
  it('Ctrl-C during a large copy exits 130, keeps finished exhibits, leaves no partial copy', async () => {
    const { root, caseDir } = await newCase();
    writeFileSync(join(root, 'a-small.txt'), 'small\n');
    // 400 MB of zeros makes the copy last long enough to be interrupted.
    writeFileSync(join(root, 'b-large.bin'), '');
    truncateSync(join(root, 'b-large.bin'), 400 * 1024 * 1024);
    const child = startPreuve([
      'add',
      '--case',
      caseDir,
      join(root, 'a-small.txt'),
      join(root, 'b-large.bin'),
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('P1')) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /Interrupted\. P1 was added\. The file being copied was not added\. Run the same "preuve add" again/,
    );
    expect(readdirSync(join(caseDir, 'evidence'))).toEqual(['P1']);
    const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
    expect(caseFile.exhibits).toHaveLength(1);
    expect(runPreuve(['verify', caseDir]).code).toBe(0);
  });
});

describe('an unreadable file', () => {
  it('is refused with a clear message (run as an unprivileged user when tests run as root)', async (context) => {
    const { root, caseDir } = await newCase();
    writeFileSync(join(root, 'secret.txt'), 'x\n');
    chmodSync(join(root, 'secret.txt'), 0o000);
    const isRoot = process.getuid?.() === 0;
    let code: number | null;
    let stderr: string;
    if (isRoot) {
      // Root reads everything: run preuve as "nobody" on a case that "nobody" owns.
      requireTool(context, 'runuser');
      const canNobodyRun =
        spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, '--version'], {
          stdio: 'ignore',
        }).status === 0;
      // Not a missing tool but where the checkout lives (e.g. under /root): skipped, never failed.
      if (!canNobodyRun) {
        context.skip(
          'tests run as root and the "nobody" user cannot run bin/preuve.js from this checkout ' +
            '(make the repository and node readable by others, or run the tests as a normal user)',
        );
      }
      makeTraversable(root);
      chownSync(caseDir, NOBODY, NOBODY);
      for (const entry of readdirSync(caseDir, { recursive: true, encoding: 'utf8' })) {
        chownSync(join(caseDir, entry), NOBODY, NOBODY);
      }
      const result = spawnSync(
        'runuser',
        [
          '-u',
          'nobody',
          '--',
          process.execPath,
          BIN,
          'add',
          '--case',
          caseDir,
          join(root, 'secret.txt'),
        ],
        { encoding: 'utf8', env: { ...process.env, ...TEST_ENV } },
      );
      code = result.status;
      stderr = result.stderr;
    } else {
      ({ code, stderr } = runPreuve(['add', '--case', caseDir, join(root, 'secret.txt')]));
    }
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /secret\.txt: cannot be read \(permission denied\)\. Check its permissions/,
    );
  });
});

/** Lets other users reach `dir`: it and each private folder above it get o+x (not o+r). */
function makeTraversable(dir: string): void {
  for (let at = dir; at !== dirname(at); at = dirname(at)) {
    const mode = statSync(at).mode;
    if ((mode & 0o001) === 0) chmodSync(at, (mode & 0o7777) | 0o011);
  }
}

/**
 * An exhibit is recorded only once its copy is on disk: `preuve add` makes each copy, and its
 * entry in the folders it created, durable before the custody line names it. A few files are each
 * fsynced with their folders; many at once get one `sync -f` (syncfs) of the file system. strace
 * shows which calls reach the kernel.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, makeTempDir, TEST_ENV } from '../helpers/cli.js';
import { initCase } from '../helpers/new-case.js';
import { requireTool } from '../helpers/tools.js';

/**
 * Skips when strace is there but may not trace (a container without ptrace): a missing tool fails
 * under PREUVE_REQUIRE_TOOLS, a kernel's refusal is said and skipped.
 */
function requireTracing(context: { skip: (note?: string) => never }): void {
  const probe = spawnSync('strace', ['-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) context.skip(`strace cannot trace here: ${probe.stderr.trim()}`);
}

/** Runs `preuve add` under strace; returns its exit code and the fsync and execve lines. */
function addTraced(root: string, caseDir: string, files: string[]) {
  const log = join(root, `strace-${files.length}.log`);
  const result = spawnSync(
    'strace',
    [
      '-f',
      '--seccomp-bpf',
      '-y',
      '-e',
      'trace=fsync,fdatasync,syncfs,execve',
      '-o',
      log,
      process.execPath,
      BIN,
    ].concat(['add', ...files, '--case', caseDir]),
    { env: { ...process.env, ...TEST_ENV }, encoding: 'utf8' },
  );
  const lines = readFileSync(log, 'utf8').split('\n');
  return {
    code: result.status,
    stderr: result.stderr,
    fsynced: lines.filter((line) => / fsync\(/.test(line) && !line.includes('= -1')),
    startedSync: lines.some((line) => /execve\("[^"]*\/sync", \["sync", "-f"/.test(line)),
  };
}

function writeNotes(dir: string, count: number): string[] {
  mkdirSync(dir);
  return Array.from({ length: count }, (_, index) => {
    const path = join(dir, `note-${index + 1}.txt`);
    writeFileSync(path, `Note ${index + 1}: capture faite le 30/11/2026.\n`);
    return path;
  });
}

describe('preuve add makes the copies durable before recording them', () => {
  it('fsyncs each of a few copies and the folders that gained them, without starting sync', (context) => {
    requireTool(context, 'strace');
    requireTracing(context);
    const root = makeTempDir();
    const caseDir = initCase(join(root, 'case'));
    const traced = addTraced(root, caseDir, writeNotes(join(root, 'few'), 2));
    expect(traced.code, traced.stderr).toBe(0);
    expect(traced.startedSync).toBe(false);
    // strace names a descriptor by its real path.
    const folder = join(realpathSync(caseDir), 'evidence');
    for (const synced of [
      `${folder}/P1/note-1.txt>`,
      `${folder}/P2/note-2.txt>`,
      `${folder}/P1>`,
      `${folder}/P2>`,
      `${folder}>`,
    ]) {
      expect(
        traced.fsynced.some((line) => line.includes(synced)),
        synced,
      ).toBe(true);
    }
  });

  it('flushes the file system once with sync -f for many copies', (context) => {
    requireTool(context, 'strace', 'sync');
    requireTracing(context);
    const root = makeTempDir();
    const caseDir = initCase(join(root, 'case'));
    const traced = addTraced(root, caseDir, writeNotes(join(root, 'many'), 20));
    expect(traced.code, traced.stderr).toBe(0);
    expect(traced.startedSync).toBe(true);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/preuve.js');

/** Fixed clock and operator for end-to-end runs, as a script would set them. */
export const TEST_ENV = {
  PREUVE_NOW: '2026-11-30T09:15:00.000Z',
  PREUVE_OPERATOR: 'Claire Martin (test)',
  TZ: 'America/New_York',
  NO_COLOR: '1',
};

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs bin/preuve.js as a user would, with no terminal attached. */
export function runPreuve(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): RunResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...TEST_ENV, ...options.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts bin/preuve.js in the background (for lock and interrupt tests). */
export function startPreuve(args: readonly string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...TEST_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function makeTempDir(prefix = 'preuve-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Shared helpers for the benchmarks: timing child processes and reading their peak memory.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a command, returns wall time in seconds and the child's peak RSS in MB (GNU time not needed). */
export function timeCommand(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    ...options,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return { seconds };
}

/**
 * Runs node with these arguments; returns wall time and the child's own peak RSS, which a small
 * preloaded module writes to a file when the child exits.
 */
export function timeNode(args, options = {}) {
  const rssFile = join(tmpdir(), `preuve-bench-rss-${process.pid}-${Date.now()}`);
  const preload = `data:text/javascript,${encodeURIComponent(
    `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`,
  )}`;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', preload, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    ...options,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status})`);
  const maxRssKb = Number(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile, { force: true });
  return { seconds, peakRssMb: maxRssKb / 1024 };
}

export function ratio(a, b) {
  return (a / b).toFixed(2);
}

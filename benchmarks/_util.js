// Shared helpers for the benchmarks: timing child processes and reading their peak memory.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** One JSON line per figure, written by every benchmark of a run (run.js empties it first). */
export const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results.jsonl');

/**
 * Prints one row of the issue's table (figure, yardstick measured in the same run, ratio) and
 * appends it to results.jsonl. `yardstick` may be absent for a figure with only a target.
 */
export function recordRow({
  figure,
  seconds,
  peakRssMb,
  yardstick,
  yardstickSeconds,
  target,
  extra,
}) {
  const row = {
    figure,
    seconds: Number(seconds.toFixed(3)),
    ...(peakRssMb === undefined ? {} : { peakRssMb: Math.round(peakRssMb) }),
    ...(yardstick === undefined
      ? {}
      : {
          yardstick,
          yardstickSeconds: Number(yardstickSeconds.toFixed(3)),
          ratio: Number((seconds / yardstickSeconds).toFixed(2)),
        }),
    ...(target === undefined ? {} : { target }),
    ...(extra ?? {}),
    at: new Date().toISOString(),
  };
  appendFileSync(RESULTS_FILE, `${JSON.stringify(row)}\n`);
  console.log(formatRow(row));
  return row;
}

export function formatRow(row) {
  const memory = row.peakRssMb === undefined ? '' : `, ${row.peakRssMb} MB`;
  const against =
    row.yardstick === undefined
      ? ''
      : ` | ${row.yardstick}: ${row.yardstickSeconds.toFixed(2)} s | ratio ${row.ratio.toFixed(2)}`;
  const extra = row.extra ? ` | ${row.extra}` : '';
  return `${row.figure}: ${row.seconds.toFixed(2)} s${memory}${against}${extra}${row.target ? ` | target ${row.target}` : ''}`;
}

/** The median of `runs` timings of `measure()` (each returns { seconds, peakRssMb? }). */
export function medianOf(runs, measure) {
  const results = Array.from({ length: runs }, measure).sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(runs / 2)];
}

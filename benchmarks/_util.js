// Shared helpers for the benchmarks: timing child processes and reading their peak memory.
import { spawnSync } from 'node:child_process';

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

/** Runs node with a script and reports the child's peak RSS via /usr/bin/time-free means: process.resourceUsage in a wrapper. */
export function timeNode(args, options = {}) {
  const wrapper = `
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ${JSON.stringify(args)}, { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
    const usage = process.resourceUsage();
    process.stdout.write(JSON.stringify({ status: r.status, maxRssKb: usage.maxRSS }));
  `;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper], {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const parsed = JSON.parse(result.stdout.toString());
  if (parsed.status !== 0) throw new Error(`node ${args.join(' ')} failed (${parsed.status})`);
  // maxRSS of the wrapper covers its largest child (RUSAGE_CHILDREN is not split): report it as an upper bound.
  return { seconds, peakRssMb: parsed.maxRssKb / 1024 };
}

export function ratio(a, b) {
  return (a / b).toFixed(2);
}

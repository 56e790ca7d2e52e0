#!/usr/bin/env node
// node benchmarks/crash-windows.js [scenario…]: the fault-injection loop of issue 21 point 1. Kills
// add (a folder of images and a chat zip, and a single file), facts import, highlight, withdraw,
// build and a rebuild just before each of their file-system calls on the case in turn (the
// preload ./_fs-kill.js; CRASH_MODE=points kills at preuve's own write points instead), then
// checks out/, verify, the next command, verify, the case's contents and the next add (see
// _crash-windows.js). Prints the windows tried and broken; one JSON line per window and per
// scenario in benchmarks/results.jsonl (not committed); exit 1 if any window is broken. Slow on
// purpose (a few node processes per window): the tests try a few windows only
// (tests/e2e/crash-windows.test.ts).
import { appendFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashScenarios, makeWorkDir, tryCrashWindows } from './_crash-windows.js';

const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results.jsonl');
const record = (row) =>
  appendFileSync(RESULTS_FILE, `${JSON.stringify({ ...row, at: new Date().toISOString() })}\n`);

const wanted = process.argv.slice(2);
const workDir = makeWorkDir();
const started = Date.now();
let tried = 0;
let broken = 0;
try {
  for (const scenario of await crashScenarios(workDir)) {
    if (wanted.length > 0 && !wanted.some((name) => scenario.name.startsWith(name))) continue;
    const scenarioStarted = Date.now();
    const result = await tryCrashWindows(scenario, workDir, {
      onWindow: (window) => {
        record({ figure: 'crash-window', scenario: scenario.name, ...window });
        if (!window.ok)
          console.log(`  window ${window.window} (${window.call}): ${window.problem}`);
      },
    });
    tried += result.tried;
    broken += result.broken.length;
    const seconds = Math.round((Date.now() - scenarioStarted) / 1000);
    record({
      figure: 'crash-windows',
      scenario: result.name,
      mode: result.mode,
      calls: result.calls,
      windows: result.windows,
      tried: result.tried,
      broken: result.broken.length,
      seconds,
    });
    console.log(
      `${result.name.padEnd(40)} ${String(result.calls ?? '-').padStart(4)} call(s), ${String(result.tried).padStart(3)} window(s) tried, ${result.broken.length} broken  (${seconds} s)`,
    );
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  record({ figure: 'crash-windows-total', tried, broken, target: 0, seconds });
  console.log(`total: ${tried} window(s) tried, ${broken} broken (${seconds} s)`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.exitCode = broken > 0 ? 1 : 0;

#!/usr/bin/env node
// node benchmarks/crash-windows.js [scenario…]: kills add, facts import, highlight and build at
// every write point in turn (PREUVE_FAULT_AT), then checks verify, `preuve recover`, verify, the
// command again and verify (see _crash-windows.js). Prints the windows tried and broken; exit 1 if
// any window is broken. Slow on purpose (a few node processes per window): not part of the tests,
// which try a few windows only (tests/e2e/crash-windows.test.ts).
import { rmSync } from 'node:fs';
import { crashScenarios, makeWorkDir, tryCrashWindows } from './_crash-windows.js';

const wanted = process.argv.slice(2);
const workDir = makeWorkDir();
let tried = 0;
let broken = 0;
try {
  for (const scenario of crashScenarios(workDir)) {
    if (wanted.length > 0 && !wanted.some((name) => scenario.name.startsWith(name))) continue;
    const started = Date.now();
    const result = tryCrashWindows(scenario, workDir);
    tried += result.tried;
    broken += result.broken.length;
    console.log(
      `${result.name.padEnd(32)} ${String(result.tried).padStart(3)} window(s) tried, ${result.broken.length} broken  (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
    for (const failure of result.broken)
      console.log(`  window ${failure.window}: ${failure.problem}`);
  }
  console.log(`total: ${tried} window(s) tried, ${broken} broken`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.exitCode = broken > 0 ? 1 : 0;

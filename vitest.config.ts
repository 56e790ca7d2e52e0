import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './tests/setup/slow-first.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Rebuilds dist/ when src/ is newer, gives the run its own temporary folder and checks it is
    // left empty, names the missing system tools, and builds the demo case the tests copy.
    globalSetup: ['tests/setup/global.ts'],
    // Each test file gets its own temporary folder, removed when the file ends.
    setupFiles: ['tests/setup/temp-per-file.ts'],
    // A zone far from the cases' Europe/Paris, so any use of the machine's zone shows up.
    env: { TZ: 'America/New_York', LANG: 'C.UTF-8', NO_COLOR: '1' },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // A worker runs its test files one after the other in one process and loads each module once
    // (the unit tests took 128 s of CPU isolated, 59 s not). Each file still gets its own
    // temporary folder (setupFiles run before every file); no test mocks modules or relies on a
    // module loaded fresh.
    isolate: false,
    // One test file more than cores: most files spend part of their time waiting for the preuve
    // they start (its syncfs, its start-up), so one file per core left the CPU idle at times. On 2
    // cores, quiet: 226 s with 2 workers, 215 s with 3 (user+sys 422 s: the cores are full).
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SlowestFirst },
  },
});

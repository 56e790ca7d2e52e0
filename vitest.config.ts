import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Rebuilds dist/ when src/ is newer, gives the run its own temporary folder and checks it is
    // left empty, and names the missing system tools.
    globalSetup: ['tests/setup/global.ts'],
    // Each test file gets its own temporary folder, removed when the file ends.
    setupFiles: ['tests/setup/temp-per-file.ts'],
    // A zone far from the cases' Europe/Paris, so any use of the machine's zone shows up.
    env: { TZ: 'America/New_York', LANG: 'C.UTF-8', NO_COLOR: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // A zone far from the cases' Europe/Paris, so any use of the machine's zone shows up.
    env: { TZ: 'America/New_York', LANG: 'C.UTF-8', NO_COLOR: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

/**
 * Each test file gets its own temporary folder (TMPDIR, inside the run's one), removed when the
 * file ends: what a test creates with mkdtemp(tmpdir()), and what the preuve it starts writes
 * there, is removed even when the test fails half-way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Inside the run's folder (tests/setup/global.ts), not the current TMPDIR: a worker runs several
// files one after the other (isolate: false), and the last file's folder is gone by then.
const fileTemp = mkdtempSync(join(process.env.PREUVE_TEST_RUN_TEMP ?? tmpdir(), 'file-'));
process.env.TMPDIR = fileTemp;

afterAll(() => {
  // Read-only copies (0400) go too: removing an entry needs only its folder writable (0700).
  rmSync(fileTemp, { recursive: true, force: true, maxRetries: 3 });
});

/**
 * Each test file gets its own temporary folder (TMPDIR, inside the run's one), removed when the
 * file ends: what a test creates with mkdtemp(tmpdir()), and what the preuve it starts writes
 * there, is removed even when the test fails half-way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const fileTemp = mkdtempSync(join(tmpdir(), 'file-'));
process.env.TMPDIR = fileTemp;

afterAll(() => {
  // Read-only copies (0400) go too: removing an entry needs only its folder writable (0700).
  rmSync(fileTemp, { recursive: true, force: true, maxRetries: 3 });
});

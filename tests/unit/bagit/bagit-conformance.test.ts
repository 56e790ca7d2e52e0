import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBag } from '../../../src/bagit/bag-verify.js';

/**
 * The Library of Congress BagIt conformance suite (CC0, vendored in
 * tests/fixtures/bagit-conformance): every bag of the versions preuve checks (0.97 and 1.0),
 * in the categories its harness runs on Linux. A "valid" bag must verify; an "invalid" or
 * "linux-only" bag must not.
 */
const SUITE = join(import.meta.dirname, '../../fixtures/bagit-conformance');
const CATEGORIES = ['valid', 'invalid', 'linux-only'] as const;

function listCases(): Array<{ name: string; path: string; isValid: boolean }> {
  const cases = [];
  for (const version of ['v0.97', 'v1.0']) {
    for (const category of CATEGORIES) {
      const folder = join(SUITE, version, category);
      let names: string[] = [];
      try {
        names = readdirSync(folder).sort();
      } catch {
        continue;
      }
      for (const bag of names) {
        const path = join(folder, bag);
        if (!statSync(path).isDirectory()) continue;
        cases.push({ name: `${version}/${category}/${bag}`, path, isValid: category === 'valid' });
      }
    }
  }
  return cases;
}

describe('LoC BagIt conformance suite', () => {
  const cases = listCases();

  it('has its 34 cases', () => {
    expect(cases).toHaveLength(34);
  });

  it('scores 34/34', async () => {
    const failures: string[] = [];
    for (const bag of cases) {
      const report = await verifyBag(bag.path);
      if (report.ok !== bag.isValid) {
        const why = report.findings.map((finding) => finding.message).join(' | ');
        failures.push(`${bag.name}: ${bag.isValid ? 'refused' : 'accepted'} ${why}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases.length - failures.length).toBe(34);
  });

  it('names the fetch.txt path that climbs out of the bag', async () => {
    const bag = cases.find((c) => c.name.endsWith('using-dot-notation-for-fetch'))!;
    const report = await verifyBag(bag.path);
    expect(report.findings).toEqual([
      expect.objectContaining({
        file: 'fetch.txt',
        problem: 'path-traversal',
        found: '../../../README.md',
      }),
    ]);
  });

  it('refuses a byte order mark in bagit.txt', async () => {
    const bag = cases.find((c) => c.name.endsWith('bom-in-bagit.txt'))!;
    const report = await verifyBag(bag.path);
    expect(report.findings.map((finding) => finding.message).join()).toMatch(/byte order mark/);
  });
});

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { copyDemo } from '../helpers/demo-case.js';
import { requireTool } from '../helpers/tools.js';

let dir: string;
let caseDir: string;
beforeAll(() => {
  dir = makeTempDir('preuve-findings-');
  caseDir = join(dir, 'demo');
  copyDemo(caseDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preuve findings', () => {
  it('lists the demand, the threat, the deadline, the amounts and the coupon code of the demo chat', () => {
    const result = runPreuve(['findings', '--json', '--case', caseDir]);
    expect(result.code).toBe(0);
    const { findings } = JSON.parse(result.stdout) as {
      findings: {
        id: string;
        kind: string;
        normalized: string;
        occurrences: { place: { exhibit: string; message?: number } }[];
      }[];
    };
    const summary = findings.map(
      (f) =>
        `${f.kind} ${f.normalized} ${f.occurrences.map((o) => `${o.place.exhibit}#${o.place.message ?? 'image'}`).join(',')}`,
    );
    expect(summary).toEqual(
      expect.arrayContaining([
        'amount 300 EUR P2#image,P3#7,P3#9',
        'handle @lea.exemple.2009 P1#image',
        'phone +33600000099 P1#image',
        'voucher RECH000011112222 P3#11',
        'amount 50 EUR P3#10',
        'amount 250 EUR P3#14',
      ]),
    );
    expect(
      findings
        .filter((f) => f.kind === 'threat')
        .map(
          (f) => `${f.occurrences[0]?.place.exhibit}#${f.occurrences[0]?.place.message ?? 'image'}`,
        ),
    ).toEqual(expect.arrayContaining(['P2#image', 'P3#7']));
    expect(findings.filter((f) => f.kind === 'deadline').length).toBeGreaterThanOrEqual(2);
    // Rebuildable, stored in derived/.
    expect(
      JSON.parse(readFileSync(join(caseDir, 'derived', 'findings.json'), 'utf8')).findings,
    ).toHaveLength(findings.length);
  });

  it('accepts the suggested key messages and the coupon, and logs it in custody', () => {
    const result = runPreuve([
      'findings',
      'accept',
      '--all-identifiers',
      '--suggested-highlights',
      '--json',
      '--case',
      caseDir,
    ]);
    expect(result.code).toBe(0);
    const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
    const chat = caseFile.exhibits.find((e: { number: number }) => e.number === 3);
    expect(chat.highlights.map((h: { seq: number }) => h.seq + 1)).toEqual(
      expect.arrayContaining([7, 8, 10, 14]),
    );
    expect(caseFile.facts.payments).toEqual(
      expect.arrayContaining([
        // The family typed this code: it is linked to the message that shows it, not added twice.
        expect.objectContaining({
          couponCode: 'RECH 0000 1111 2222',
          seenIn: [{ exhibit: 'P3', message: 11 }],
        }),
      ]),
    );
    expect(caseFile.facts.payments).toHaveLength(2);
    expect(caseFile.facts.payments).toHaveLength(2);
    const custody = readFileSync(join(caseDir, 'custody.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(custody.at(-1) as string).action).toBe('findings-accept');
  });

  it('prints in the PDF where each author identifier was read, and the text read on each image', (context) => {
    requireTool(context, 'pdftotext');
    expect(runPreuve(['build', '--force', '--case', caseDir]).code).toBe(0);
    const pdf = readdirSync(join(caseDir, 'out')).find((name) => name.endsWith('.pdf')) as string;
    const text = execFileSync('pdftotext', ['-layout', join(caseDir, 'out', pdf), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain("Source : déclaré par la famille ; lu sur l'image P1");
    expect(text).toContain("Texte lu automatiquement (à vérifier sur l'image)");
    expect(text).toContain('+33 6 00 00 00 99');
  });

  it('refuses an unknown id and changes nothing', () => {
    const before = readFileSync(join(caseDir, 'case.json'), 'utf8');
    const result = runPreuve(['findings', 'accept', 'F999', '--case', caseDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('F999');
    expect(readFileSync(join(caseDir, 'case.json'), 'utf8')).toBe(before);
  });
});

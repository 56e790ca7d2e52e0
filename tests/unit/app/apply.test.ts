import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ApplySpecRequest, applySpec } from '../../../src/app/spec/apply.js';
import { parseCaseSpec } from '../../../src/app/spec/load.js';
import { fixedClock } from '../../../src/model/clock.js';
import { InterruptedError, UsageError } from '../../../src/model/errors.js';
import { renderMessage } from '../../../src/model/messages.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const DEMO = join(ROOT, 'examples/demo');
const AMBIGUOUS = join(ROOT, 'tests/fixtures/whatsapp/ambiguous-en.txt');

function setUp(specText: string) {
  const dir = mkdtempSync(join(tmpdir(), 'preuve-spec-'));
  writeFileSync(join(dir, 'note.txt'), 'A note of the case.\n');
  const file = join(dir, 'lea.yaml');
  writeFileSync(file, specText);
  const request: ApplySpecRequest = {
    caseDir: join(dir, 'case'),
    operator: 'Claire Martin (test)',
    clock: fixedClock('2026-11-30T09:15:00.000Z'),
    toolVersion: '0.0.0-test',
    env: {},
  };
  return { dir, file, request, load: () => parseCaseSpec(readFileSync(file, 'utf8'), file) };
}

const SPEC = `reference: PRV-20261130-SPEC
facts:
  victim: { firstName: Camille }
evidence:
  - path: note.txt
    description: Une note.
  - path: ${DEMO}/captures/Screenshot_20261120-210412_Instagram.png
  - sensitive: true
    description: Montage non copié.
`;

function custodyActions(caseDir: string): string[] {
  return readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).action);
}

describe('applying a spec', () => {
  it('creates the case and builds; applied again, adds nothing and rebuilds the same bytes', async () => {
    const { request, load } = setUp(SPEC);
    const first = await applySpec(load(), request);
    expect(first).toMatchObject({
      reference: 'PRV-20261130-SPEC',
      isNewCase: true,
      added: ['P1', 'P2', 'P3'],
      isFactsUpdated: true,
    });
    const second = await applySpec(load(), request);
    expect(second).toMatchObject({ isNewCase: false, added: [], duplicates: 3 });
    expect(second.isFactsUpdated).toBe(false);
    expect(second.dossier).toEqual({ ...first.dossier, isUnchanged: true });
    expect(custodyActions(request.caseDir)).toEqual([
      'init',
      'add',
      'add',
      'add',
      'facts-import',
      'build',
      'build',
    ]);
  });

  it('new facts are one custody line, and a dossier that differs is replaced only with force', async () => {
    const { request, load, file } = setUp(SPEC);
    await applySpec(load(), request);
    writeFileSync(file, SPEC.replace('Camille', 'Léa'));
    await expect(applySpec(load(), request)).rejects.toThrow(/already exists and differs.*--force/);
    const forced = await applySpec(load(), { ...request, force: true });
    expect(forced).toMatchObject({ isFactsUpdated: false, added: [] });
    expect(forced.dossier.isUnchanged).toBe(false);
    expect(custodyActions(request.caseDir).filter((a) => a === 'facts-import')).toHaveLength(2);
  });

  it('refuses to apply a spec to a case it does not describe, changing nothing', async () => {
    const { request, load, file } = setUp(SPEC);
    await applySpec(load(), request);
    const before = readFileSync(join(request.caseDir, 'custody.jsonl'), 'utf8');
    writeFileSync(file, `timeZone: America/Cayenne\n${SPEC}`);
    await expect(applySpec(load(), request)).rejects.toThrow(
      /timeZone America\/Cayenne \(the case is Europe\/Paris\)/,
    );
    expect(readFileSync(join(request.caseDir, 'custody.jsonl'), 'utf8')).toBe(before);
  });

  it('an ambiguous chat export asks for dateOrder in the entry; the new case is removed', async () => {
    const { request, load } = setUp(`${SPEC}  - path: ${AMBIGUOUS}\n`);
    const error = await applySpec(load(), request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /lea\.yaml: evidence\[3\] \(.*ambiguous-en\.txt\): .*set dateOrder: dmy .* in this evidence entry/,
    );
    expect(existsSync(request.caseDir)).toBe(false);
  });

  it('an ambiguous export in an existing case keeps what was there and what was added before it', async () => {
    const { request, load, file } = setUp(SPEC);
    await applySpec(load(), request);
    writeFileSync(file, `${SPEC}  - path: ${AMBIGUOUS}\n`);
    await expect(applySpec(load(), request)).rejects.toThrow(/set dateOrder/);
    writeFileSync(file, `${SPEC}  - path: ${AMBIGUOUS}\n    dateOrder: mdy\n`);
    const fixed = await applySpec(load(), { ...request, force: true });
    expect(fixed.added).toEqual(['P4']);
  });

  it('a missing file is named before anything is created', async () => {
    const { request, load } = setUp(SPEC.replace('note.txt', 'nowhere.txt'));
    await expect(applySpec(load(), request)).rejects.toThrow(
      /evidence\[0\]\.path "nowhere\.txt": no such file or folder/,
    );
    expect(existsSync(request.caseDir)).toBe(false);
  });

  it('interrupted while adding: InterruptedError, and the new case is gone', async () => {
    const { request, load, dir } = setUp(SPEC);
    const controller = new AbortController();
    const run = applySpec(load(), {
      ...request,
      signal: controller.signal,
      onProgress: (message) => {
        if (renderMessage('en', message).includes('evidence[1]')) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(readdirSync(dir).sort()).toEqual(['lea.yaml', 'note.txt']);
  });
});

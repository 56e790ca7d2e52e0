import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendCustody,
  findCustodyProblem,
  GENESIS_HASH,
  hashCustodyLine,
  readCustodyLines,
} from '../../../src/model/custody.js';
import { makeTempDir } from '../../helpers/cli.js';

const context = {
  operator: 'Claire Martin',
  at: new Date('2024-03-12T20:04:55Z'),
  timeZone: 'Europe/Paris',
};

describe('custody log', () => {
  it('chains each line to the SHA-256 of the line before, with UTC time and the local offset', async () => {
    const file = join(makeTempDir(), 'custody.jsonl');
    await appendCustody(file, [{ action: 'init', details: {} }], context);
    await appendCustody(
      file,
      [
        { action: 'add', details: { exhibit: 'P1' } },
        { action: 'add', details: { exhibit: 'P2' } },
      ],
      context,
    );
    const lines = await readCustodyLines(file);
    expect(lines).toHaveLength(3);
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries[0]).toMatchObject({
      seq: 1,
      at: '2024-03-12T20:04:55.000Z',
      offset: '+01:00',
      operator: 'Claire Martin',
      prev: GENESIS_HASH,
    });
    expect(entries[1].prev).toBe(hashCustodyLine(lines[0]!));
    expect(entries[2].prev).toBe(hashCustodyLine(lines[1]!));
    expect(findCustodyProblem(lines)).toBeUndefined();
  });

  it('names the first line whose chain is broken when a line was edited', async () => {
    const file = join(makeTempDir(), 'custody.jsonl');
    await appendCustody(
      file,
      [1, 2, 3].map((n) => ({ action: 'add', details: { exhibit: `P${n}` } })),
      context,
    );
    const text = readFileSync(file, 'utf8').replace('"P2"', '"P9"');
    writeFileSync(file, text);
    const problem = findCustodyProblem(await readCustodyLines(file));
    expect(problem?.line).toBe(3);
    expect(problem?.message).toMatch(/line 3 does not chain to line 2/);
  });

  it('refuses to append to a log whose chain is broken', async () => {
    const file = join(makeTempDir(), 'custody.jsonl');
    await appendCustody(
      file,
      [
        { action: 'init', details: {} },
        { action: 'add', details: {} },
      ],
      context,
    );
    writeFileSync(file, readFileSync(file, 'utf8').replace('"init"', '"edit"'));
    await expect(appendCustody(file, [{ action: 'add', details: {} }], context)).rejects.toThrow(
      /does not chain/,
    );
  });

  it('detects a deleted line by its sequence number', async () => {
    const file = join(makeTempDir(), 'custody.jsonl');
    await appendCustody(
      file,
      [1, 2, 3].map(() => ({ action: 'add', details: {} })),
      context,
    );
    const lines = await readCustodyLines(file);
    expect(findCustodyProblem([lines[0]!, lines[2]!])?.message).toMatch(
      /sequence number 3, expected 2/,
    );
  });
});

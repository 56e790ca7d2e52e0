import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { FILE_MODE } from './case-layout.js';
import { EvidenceError } from './errors.js';
import { reachFaultPoint } from './fault-point.js';
import { type Message, renderMessage } from './messages.js';
import { offsetAt } from './zone.js';

/** The `prev` of the first line: no line before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** One line of custody.jsonl: who did what, when; chained to the line before. */
export interface CustodyEntry {
  readonly seq: number;
  /** UTC, ISO 8601. */
  readonly at: string;
  /** Local UTC offset in the case's zone at that time, e.g. `+01:00`. */
  readonly offset: string;
  readonly operator: string;
  /** `init`, `add`, `facts-import`, `highlight`, `build`, `stamp`… */
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** SHA-256 of the previous line's exact text (without its newline). */
  readonly prev: string;
}

export type CustodyAction = Pick<CustodyEntry, 'action' | 'details'>;

/** SHA-256 of one line's text, as the next line's `prev`. */
export function hashCustodyLine(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/** The seal of a custody log up to entry n: SHA-256 of that entry's line, which chains to all before it. */
export function custodySeal(lines: readonly string[], entry = lines.length): string | undefined {
  const line = lines[entry - 1];
  return line === undefined ? undefined : hashCustodyLine(line);
}

/** Reads custody.jsonl as its raw lines (no trailing empty line). */
export async function readCustodyLines(custodyFile: string): Promise<string[]> {
  const text = await readFile(custodyFile, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Parses and checks custody lines; throws naming the first line that breaks the chain. */
export function parseCustodyLines(lines: readonly string[], custodyFile: string): CustodyEntry[] {
  const problem = findCustodyProblem(lines);
  if (problem) {
    throw new EvidenceError({
      code: 'error.case.custody.custodyLogMust',
      params: { custodyFile, reason: problem.detail },
    });
  }
  return lines.map((line) => JSON.parse(line) as CustodyEntry);
}

export interface CustodyProblem {
  /** 1-based line number. */
  readonly line: number;
  /** In English; `detail` says it in any language (`custody.…` of templates/<lang>/messages.json). */
  readonly message: string;
  readonly detail: Message;
  readonly expected?: string;
  readonly found?: string;
}

/** Checks the hash chain and numbering; returns the first problem, or undefined when all holds. */
export function findCustodyProblem(lines: readonly string[]): CustodyProblem | undefined {
  let previousHash = GENESIS_HASH;
  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    let entry: Partial<CustodyEntry>;
    try {
      entry = JSON.parse(line) as Partial<CustodyEntry>;
    } catch {
      return { line: lineNumber, ...describeProblem('custody.notJson', { line: lineNumber }) };
    }
    if (entry.seq !== lineNumber) {
      return {
        line: lineNumber,
        ...describeProblem('custody.badSequence', { line: lineNumber, found: String(entry.seq) }),
        expected: String(lineNumber),
        found: String(entry.seq),
      };
    }
    if (entry.prev !== previousHash) {
      return {
        line: lineNumber,
        ...describeProblem('custody.brokenChain', {
          line: lineNumber,
          previous: lineNumber - 1,
        }),
        expected: previousHash,
        found: String(entry.prev),
      };
    }
    previousHash = hashCustodyLine(line);
  }
  return undefined;
}

function describeProblem(
  code: string,
  params: Readonly<Record<string, string | number>>,
): { message: string; detail: Message } {
  const detail = { code, params };
  return { message: renderMessage('en', detail), detail };
}

/** Custody lines ready to append: the entries and their exact text (each ending in a newline). */
export interface PreparedCustody {
  readonly entries: CustodyEntry[];
  readonly text: string;
}

/** Builds the lines that would follow `existing` (already checked), without writing anything. */
export function prepareCustodyLines(
  existing: readonly string[],
  actions: readonly CustodyAction[],
  context: { readonly operator: string; readonly at: Date; readonly timeZone: string },
): PreparedCustody {
  let prev = existing.length > 0 ? hashCustodyLine(existing.at(-1)!) : GENESIS_HASH;
  let seq = existing.length;
  const entries: CustodyEntry[] = [];
  const text: string[] = [];
  for (const action of actions) {
    seq += 1;
    const entry: CustodyEntry = {
      seq,
      at: context.at.toISOString(),
      offset: offsetAt(context.at, context.timeZone),
      operator: context.operator,
      action: action.action,
      details: action.details,
      prev,
    };
    const line = JSON.stringify(entry);
    prev = hashCustodyLine(line);
    entries.push(entry);
    text.push(`${line}\n`);
  }
  return { entries, text: text.join('') };
}

/** Reads custody.jsonl (missing: no line) and checks its chain; throws naming the first break. */
export async function readCheckedCustodyLines(custodyFile: string): Promise<string[]> {
  const existing = await readCustodyLines(custodyFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  parseCustodyLines(existing, custodyFile);
  return existing;
}

/** Appends prepared text to custody.jsonl and fsyncs it. */
export async function appendCustodyText(custodyFile: string, text: string): Promise<void> {
  reachFaultPoint();
  const handle = await open(custodyFile, 'a', FILE_MODE);
  try {
    reachFaultPoint();
    await handle.appendFile(text);
    reachFaultPoint();
    await handle.sync();
  } finally {
    await handle.close();
  }
  reachFaultPoint();
}

/**
 * Appends entries to custody.jsonl, chained to its last line, and fsyncs. Returns the entries as
 * written. Used alone only where no other file changes with it (init); a case's changes go
 * through the journal (case/change-journal.ts).
 */
export async function appendCustody(
  custodyFile: string,
  actions: readonly CustodyAction[],
  context: { readonly operator: string; readonly at: Date; readonly timeZone: string },
): Promise<CustodyEntry[]> {
  if (actions.length === 0) return [];
  const existing = await readCheckedCustodyLines(custodyFile);
  const prepared = prepareCustodyLines(existing, actions, context);
  await appendCustodyText(custodyFile, prepared.text);
  return prepared.entries;
}

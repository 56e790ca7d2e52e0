import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import {
  runWizard,
  type WizardOutcome,
  type WizardRequest,
} from '../../src/cli/wizard/run-wizard.js';
import { fixedClock } from '../../src/model/clock.js';

export const WIZARD_CLOCK = fixedClock('2026-11-30T09:15:00.000Z');

const KEYS = {
  enter: '\r',
  down: '\u001b[B',
  up: '\u001b[A',
  space: ' ',
  ctrlC: '\u0003',
  clear: '\u0015',
  all: 'a',
};

/**
 * A person at a terminal, for the wizard running in this process: waits for a question to be on
 * screen, then types. The wizard reads `input` and draws on `output` as it would on a terminal.
 */
export class WizardDriver {
  readonly input = new PassThrough();
  private screen = '';
  private seen = 0;
  private waiters: (() => void)[] = [];
  readonly output = new Writable({
    write: (chunk, _encoding, done) => {
      this.screen += stripVTControlCharacters(String(chunk));
      for (const waiter of this.waiters.splice(0)) waiter();
      done();
    },
  });

  constructor() {
    // Each prompt pipes into the output and ends its pipe when done; a terminal stays open.
    this.output.end = (() => this.output) as Writable['end'];
    // Wide enough that no line wraps: the tests look for whole sentences.
    Object.assign(this.output, { columns: 400, rows: 50 });
  }

  /** Everything shown so far, without colours and cursor moves. */
  get text(): string {
    return this.screen;
  }

  /** Starts the wizard on this terminal. */
  start(
    request: Partial<WizardRequest> & Pick<WizardRequest, 'casesHome'>,
  ): Promise<WizardOutcome> {
    return runWizard({
      streams: { input: this.input, output: this.output },
      language: 'fr',
      clock: WIZARD_CLOCK,
      randomBytes: () => new Uint8Array([1, 2, 3, 4]),
      ...request,
    });
  }

  /** Waits until `pattern` appears after what was already read; returns the text up to it. */
  async waitFor(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.screen.slice(this.seen);
      const match = typeof pattern === 'string' ? indexOf(rest, pattern) : rest.match(pattern);
      if (match) {
        const end = this.seen + match.index! + match[0].length;
        const passed = this.screen.slice(this.seen, end);
        this.seen = end;
        return passed;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${String(pattern)}; screen ends with:\n${this.screen.slice(-1500)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async press(...keys: (keyof typeof KEYS)[]): Promise<void> {
    for (const key of keys) {
      this.input.write(KEYS[key]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Answers a text question. */
  async answer(question: string, text: string): Promise<void> {
    await this.waitFor(question);
    await this.tick();
    this.input.write(text);
    await this.press('enter');
  }

  /** Picks the choice `downs` places below the highlighted one. */
  async choose(question: string, downs = 0): Promise<void> {
    await this.waitFor(question);
    await this.tick();
    for (let index = 0; index < downs; index += 1) await this.press('down');
    await this.press('enter');
  }

  /** Ticks the boxes at these positions (from 0) of a checkbox question. */
  async tickBoxes(question: string, positions: readonly number[]): Promise<void> {
    await this.waitFor(question);
    await this.tick();
    const last = Math.max(-1, ...positions);
    for (let index = 0; index <= last; index += 1) {
      if (positions.includes(index)) await this.press('space');
      if (index < last) await this.press('down');
    }
    await this.press('enter');
  }

  async interrupt(question: string): Promise<void> {
    await this.waitFor(question);
    await this.tick();
    await this.press('ctrlC');
  }

  private tick(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function indexOf(text: string, wanted: string): RegExpMatchArray | null {
  const index = text.indexOf(wanted);
  if (index < 0) return null;
  const match = [wanted] as unknown as RegExpMatchArray;
  match.index = index;
  return match;
}

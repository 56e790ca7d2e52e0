import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, makeTempDir, runPreuve, TEST_ENV } from '../helpers/cli.js';
import { requireTool } from '../helpers/tools.js';

/**
 * bin/preuve.js in a real pseudo-terminal (util-linux `script`), as a parent would start it:
 * stdin and stdout are a terminal, Ctrl-C is a keystroke.
 */
function startInTerminal(args: readonly string[], env: Record<string, string>) {
  const command = [process.execPath, BIN, ...args].map((part) => `'${part}'`).join(' ');
  const { PREUVE_OPERATOR: _operator, ...testEnv } = TEST_ENV;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    // A person at a terminal: not a CI run, whatever runs the tests.
    env: { ...process.env, ...testEnv, CI: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => {
    screen += stripVTControlCharacters(chunk.toString('utf8'));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    get screen() {
      return screen;
    },
    exited,
    async waitFor(text: string, timeoutMs = 15_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!screen.includes(text)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${text}; screen:\n${screen.slice(-1500)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    type(keys: string) {
      child.stdin.write(keys);
    },
  };
}

describe('preuve in a terminal', () => {
  it('starts the wizard with no arguments; Ctrl-C exits 130 saying how to resume; resuming works', async (context) => {
    requireTool(context, 'script');
    const home = join(makeTempDir(), 'dossiers');
    const env = { PREUVE_HOME: home, LANG: 'fr_FR.UTF-8' };
    const first = startInTerminal([], env);
    await first.waitFor('Ne payez pas.');
    await first.waitFor('Qui remplit ce dossier ?');
    first.type('\u001b[B\r');
    await first.waitFor('Votre prénom et votre nom');
    first.type('Sophie Martin\r');
    await first.waitFor('Un téléphone ou un e-mail');
    first.type('\u0003');
    expect(await first.exited).toBe(130);
    expect(first.screen).toContain(
      'Pour reprendre : relancez preuve et choisissez le dossier PRV-20261130-',
    );
    const resume = /\(Ou tapez : preuve wizard (\S+)\)/.exec(first.screen);
    expect(resume).not.toBeNull();
    const caseDir = resume![1]!;
    expect(caseDir.startsWith(home)).toBe(true);

    const second = startInTerminal(['wizard', caseDir], env);
    await second.waitFor('On reprend le dossier');
    await second.waitFor('Un téléphone ou un e-mail');
    expect(second.screen).not.toContain('Votre prénom et votre nom');
    second.type('\u0003');
    expect(await second.exited).toBe(130);

    const cases = runPreuve(['cases'], { env });
    expect(cases.code).toBe(0);
    expect(cases.stdout).toContain(`1 dossier dans ${home}`);
    expect(cases.stdout).toMatch(
      /\(prénom non donné\) — PRV-20261130-\w{4} — 0 pièce, pas encore créé/,
    );
    expect(cases.stdout).toContain('préparé par Sophie Martin');
    expect(cases.stdout).toContain('arrêté à : Qui porte plainte');
  });

  it('speaks English with an English system locale', async (context) => {
    requireTool(context, 'script');
    const home = join(makeTempDir(), 'dossiers');
    const run = startInTerminal([], { PREUVE_HOME: home, LANG: 'en_GB.UTF-8' });
    await run.waitFor('Do not pay. Paying brings more demands.');
    await run.waitFor('Who is filling this in?');
    run.type('\u0003');
    expect(await run.exited).toBe(130);
    expect(run.screen).toContain('Stopped. Nothing was saved yet.');
  });
});

describe('preuve without a terminal', () => {
  it('prints the help and exits 2 at once, even with stdin left open', async () => {
    const child = spawn(process.execPath, [BIN], {
      env: { ...process.env, ...TEST_ENV },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    // stdin stays open until the end: a wizard waiting on it would never exit, and the test fails
    // on its time-out (no timed assertion: the machines are shared).
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stdout).toContain('Usage: preuve');
    expect(stdout).toContain('wizard [case]');
    child.stdin.end();
  });

  it('refuses "preuve wizard" with a clear message and exit 2', () => {
    // The wizard speaks French unless told otherwise (no French or English locale here): so does its error.
    const result = runPreuve(['wizard']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("l'assistant pose des questions et a besoin d'un terminal");
    const english = runPreuve(['wizard', '--lang', 'en']);
    expect(english.code).toBe(2);
    expect(english.stderr).toContain('the wizard asks questions and needs a terminal');
  });

  it('"preuve cases" says when there is no case yet', () => {
    const home = join(makeTempDir(), 'nothing-here');
    const result = runPreuve(['cases'], { env: { PREUVE_HOME: home, LANG: 'C.UTF-8' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Aucun dossier dans ${home}`);
    const json = runPreuve(['cases', '--json'], { env: { PREUVE_HOME: home } });
    expect(JSON.parse(json.stdout)).toEqual({ home, cases: [] });
  });
});

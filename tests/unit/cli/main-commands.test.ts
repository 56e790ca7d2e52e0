import { describe, expect, it } from 'vitest';
import { createProgram, listCommandNames, selectCommands } from '../../../src/cli/main.js';

const argv = (...args: string[]) => ['node', 'preuve', ...args];

describe('the commands main loads', () => {
  it('lists every command the command files register, in the order of the help', async () => {
    const program = await createProgram(new AbortController().signal);
    expect(program.commands.map((command) => command.name())).toEqual(listCommandNames());
  });

  it('registers only the command that runs (with the others of its file)', async () => {
    const program = await createProgram(new AbortController().signal, argv('mark', 'P1'));
    expect(program.commands.map((command) => command.name())).toEqual(['withdraw', 'mark']);
  });

  it('finds the command the way commander does: after the global options and their values', () => {
    expect(selectCommands(argv('list'))).toEqual(['list']);
    expect(selectCommands(argv('-C', 'list', 'show', 'P1'))).toEqual(['show']);
    expect(selectCommands(argv('--case', 'add', '--json', '--operator', 'x', 'cases'))).toEqual([
      'cases',
    ]);
    expect(selectCommands(argv('--lang', 'en', '-y', 'build', '--help'))).toEqual(['build']);
    expect(selectCommands(argv('--case=dossier', 'verify', '--version'))).toEqual(['verify']);
  });

  it('registers none for the version, every one for the help, a mistyped name or no command', () => {
    expect(selectCommands(argv('-V'))).toEqual([]);
    expect(selectCommands(argv('--json', '--version', 'list'))).toEqual([]);
    const all = listCommandNames();
    expect(selectCommands(argv('--help', 'list'))).toEqual(all);
    expect(selectCommands(argv('-h', '--version'))).toEqual(all);
    expect(selectCommands(argv('help', 'list'))).toEqual(all);
    expect(selectCommands(argv('lsit'))).toEqual(all);
    expect(selectCommands(argv('--json'))).toEqual(all);
    expect(selectCommands(argv())).toEqual(all);
  });
});

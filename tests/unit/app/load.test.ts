import { describe, expect, it } from 'vitest';
import { parseCaseSpec } from '../../../src/app/spec/load.js';
import { UsageError } from '../../../src/model/errors.js';

const FILE = '/specs/famille-07.yaml';

function problem(text: string, file = FILE): string {
  try {
    parseCaseSpec(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the spec to be refused');
}

describe('case spec loading', () => {
  it('reads a minimal spec; the name defaults to the file name; relative paths anchor to its folder', () => {
    const loaded = parseCaseSpec('evidence:\n  - path: captures/a.png\n', FILE);
    expect(loaded).toEqual({
      file: FILE,
      dir: '/specs',
      name: 'famille-07',
      spec: { evidence: [{ path: 'captures/a.png' }] },
    });
    expect(parseCaseSpec('{"name": "lea"}', '/specs/x.json').name).toBe('lea');
  });

  it('an empty build: section (every option commented out) is accepted', () => {
    expect(parseCaseSpec('build:\n  # encrypt: true\n', FILE).spec.build).toBeNull();
  });

  it('names an unknown field and where it is', () => {
    expect(problem('evidence:\n  - path: a.png\n    colour: red\n')).toContain(
      `${FILE}: evidence[0]: unknown field "colour"`,
    );
    expect(problem('langage: fr\n')).toContain('unknown field "langage"');
    expect(problem('facts:\n  victm: {}\n')).toContain('facts: unknown field "victm"');
  });

  it('names a bad value with the field and what is expected', () => {
    expect(problem('timeZone: Paris\n')).toContain('timeZone: not a time zone name');
    expect(problem('reference: 42\n')).toContain('reference:');
    expect(problem('evidence:\n  - path: a.txt\n    dateOrder: dym\n')).toContain(
      'evidence[0].dateOrder',
    );
    expect(problem('evidence:\n  - path: a.txt\n    format: icq\n')).toContain(
      'evidence[0].format: unknown chat format; use one of',
    );
    expect(problem('name: ../escape\n')).toContain('name: expected letters, digits');
  });

  it('checks what goes together: sensitive needs a description, where needs sensitive, a path or a description', () => {
    expect(problem('evidence:\n  - sensitive: true\n')).toContain(
      'evidence[0].description: a sensitive item needs a description',
    );
    expect(problem('evidence:\n  - path: a.png\n    where: galerie\n')).toContain(
      'evidence[0].where: only for sensitive items',
    );
    expect(problem('evidence:\n  - app: Instagram\n')).toContain('evidence[0].path: missing');
    expect(problem('facts: {}\nfactsFile: f.yaml\n')).toContain('not both');
  });

  it('never takes a passphrase written in the spec', () => {
    expect(problem('build:\n  encrypt: true\n  passphrase: secret words\n')).toContain(
      'build.passphrase: a passphrase is never written in a spec',
    );
    expect(problem('build:\n  encrypt: true\n')).toContain(
      'build.encrypt: needs the passphrase from passphraseEnv',
    );
  });

  it('says which syntax is broken and that nothing was done', () => {
    expect(problem('evidence:\n  - path: [unclosed\n')).toMatch(
      /not valid YAML \(.*\)\. Nothing was done for this spec/,
    );
    expect(problem('{"name": ', '/specs/x.json')).toContain('not valid JSON');
    expect(problem('- a\n- b\n')).toContain('not a list');
    expect(problem('')).toContain('not an empty file');
  });
});

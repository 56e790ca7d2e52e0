import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { splitDroppedPaths } from '../../../src/cli/wizard/dropped-paths.js';
import {
  classifyIdentifier,
  parseAgeOrBirthDate,
  parseAmount,
  parseDeclaredDate,
} from '../../../src/cli/wizard/parse-answers.js';

const today = DateTime.fromISO('2026-11-30T10:15:00', { zone: 'Europe/Paris' });

describe('paths typed or dropped into a terminal', () => {
  it.each([
    [
      "'/home/sophie/Mes captures/a.png' ",
      ['/home/sophie/Mes captures/a.png'],
      'GNOME/KDE quoting',
    ],
    ['/Users/sophie/Mes\\ captures/a.png ', ['/Users/sophie/Mes captures/a.png'], 'macOS escapes'],
    ['"/tmp/with \\"quote\\".png"', ['/tmp/with "quote".png'], 'double quotes with escapes'],
    ["'/a/b.png' '/a/c d.png'", ['/a/b.png', '/a/c d.png'], 'several files'],
    ['file:///home/sophie/Mes%20captures/a.png', ['/home/sophie/Mes captures/a.png'], 'file URL'],
    ['~/Captures', ['/home/sophie/Captures'], 'home folder'],
    ["'/tmp/l''apostrophe.png'", ['/tmp/lapostrophe.png'], 'adjacent quotes join'],
    ["/tmp/it\\'s.png", ["/tmp/it's.png"], 'escaped apostrophe'],
  ])('%s → %j (%s)', (line, expected) => {
    expect(splitDroppedPaths(line, 'linux', '/home/sophie')).toEqual(expected);
  });

  it('keeps Windows backslashes inside quotes and outside', () => {
    expect(
      splitDroppedPaths(
        '"C:\\Users\\Sophie\\Mes captures\\a.png" C:\\b.png',
        'win32',
        'C:\\Users\\Sophie',
      ),
    ).toEqual(['C:\\Users\\Sophie\\Mes captures\\a.png', 'C:\\b.png']);
  });
});

describe('dates as a family writes them', () => {
  it.each([
    ['12/03/2026', '2026-03-12'],
    ['12/3/26', '2026-03-12'],
    ['12-03-2026', '2026-03-12'],
    ['12.03.2026', '2026-03-12'],
    ['2026-03-12', '2026-03-12'],
    ['12/03', '2026-03-12'],
    ['24/12', '2025-12-24'],
    ['hier', '2026-11-29'],
    ["aujourd'hui", '2026-11-30'],
    ['yesterday', '2026-11-29'],
    ['14/03/95', '1995-03-14'],
  ])('%s → %s', (answer, expected) => {
    expect(parseDeclaredDate(answer, today)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['31/02/2026', 'invalid.date'],
    ['13/13/2026', 'invalid.date'],
    ['la semaine dernière', 'invalid.date'],
    ['01/12/2026', 'invalid.date-future'],
    ['12/03/1850', 'invalid.date'],
  ])('%s is refused (%s)', (answer, problem) => {
    expect(parseDeclaredDate(answer, today)).toEqual({ ok: false, problem });
  });
});

describe('the age or the date of birth', () => {
  it.each([
    ['15', { age: 15 }],
    ['15 ans', { age: 15 }],
    ['15 years old', { age: 15 }],
    ['14/03/2011', { age: 15, dateOfBirth: '2011-03-14' }],
    ['01/12/2010', { age: 15, dateOfBirth: '2010-12-01' }],
  ])('%s → %j', (answer, value) => {
    expect(parseAgeOrBirthDate(answer, today)).toEqual({ ok: true, value });
  });

  it.each(['300', '0', 'quinze', '01/01/2030'])('%s is refused', (answer) => {
    expect(parseAgeOrBirthDate(answer, today)).toEqual({ ok: false, problem: 'invalid.age' });
  });
});

describe('amounts', () => {
  it.each([
    ['50', 50, 'EUR'],
    ['50 €', 50, 'EUR'],
    ['€50', 50, 'EUR'],
    ['1 000,50 euros', 1000.5, 'EUR'],
    ['1\u202f000 €', 1000, 'EUR'],
    ['100 $', 100, 'USD'],
    ['0.01 BTC', 0.01, 'BTC'],
  ])('%s → %d %s', (answer, amount, currency) => {
    expect(parseAmount(answer)).toEqual({ ok: true, value: { amount, currency } });
  });

  it.each(['beaucoup', '0', '-5', '1.2.3'])('%s is refused', (answer) => {
    expect(parseAmount(answer)).toEqual({ ok: false, problem: 'invalid.amount' });
  });
});

describe("the author's identifiers", () => {
  it.each([
    ['https://www.instagram.com/inconnu_77/', 'profileUrl'],
    ['instagram.com/inconnu_77', 'profileUrl'],
    ['inconnu77@example.org', 'email'],
    ['+33 6 00 00 00 77', 'phone'],
    ['06.00.00.00.77', 'phone'],
    ['@inconnu_77', 'handle'],
    ['inconnu_77', 'handle'],
    ['Jade Moreau', 'pseudonym'],
  ])('%s is a %s', (answer, field) => {
    expect(classifyIdentifier(answer)).toBe(field);
  });
});

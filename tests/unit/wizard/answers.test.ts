import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findDroppedPaths, splitDroppedPaths } from '../../../src/cli/wizard/dropped-paths.js';
import {
  classifyIdentifier,
  parseAgeOrBirthDate,
  parseAmount,
  parseDeclaredDate,
  parsePcsCode,
} from '../../../src/cli/wizard/parse-answers.js';
import { loadWizardText } from '../../../src/cli/wizard/text.js';

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
    ['200', 200, 'EUR'],
    ['200 €', 200, 'EUR'],
    ['200,50 €', 200.5, 'EUR'],
    ['1 200 €', 1200, 'EUR'],
    ['€50', 50, 'EUR'],
    ['50 euros', 50, 'EUR'],
    ['1 000,50 euros', 1000.5, 'EUR'],
    ['1\u202f000 €', 1000, 'EUR'],
    ['1.200,50 €', 1200.5, 'EUR'],
    ['1,200.50 $', 1200.5, 'USD'],
    ['100 $', 100, 'USD'],
    ['0.01 BTC', 0.01, 'BTC'],
  ])('%s → %d %s', (answer, amount, currency) => {
    expect(parseAmount(answer)).toEqual({ ok: true, value: { amount, currency } });
  });

  it.each(['beaucoup', '0', '-5', '1.2.3', '1.200', '200 50', '50 € $'])(
    '%s is refused',
    (answer) => {
      expect(parseAmount(answer)).toEqual({ ok: false, problem: 'invalid.amount' });
    },
  );

  // Regression: "200 € demandés, 50 € payés" was stored as 200.5 € paid.
  it.each(['200 € demandés, 50 € payés', '200 puis 50', '200€/50€'])(
    '%s holds two amounts: refused, never stored',
    (answer) => {
      expect(parseAmount(answer)).toEqual({ ok: false, problem: 'invalid.amount-two' });
    },
  );

  it.each([
    ['200 balles', 'balles'],
    ['200 € demandés', 'demandés'],
    ['environ 50 €', 'environ'],
  ])('%s has words that are not a currency: refused', (answer, words) => {
    expect(parseAmount(answer)).toEqual({
      ok: false,
      problem: 'invalid.amount-words',
      values: { words },
    });
  });
});

describe('dates with month names, and the English order', () => {
  it.each([
    ['12 mars 2024', '2024-03-12'],
    ['1er février 2025', '2025-02-01'],
    ['3 août 2025', '2025-08-03'],
    ['3 aout 2025', '2025-08-03'],
    ['12 déc. 2024', '2024-12-12'],
    ['12 mars', '2026-03-12'],
    ['March 12, 2024', '2024-03-12'],
    ['12 March 2024', '2024-03-12'],
    ['Mar 12 2024', '2024-03-12'],
    ['September 3rd, 2025', '2025-09-03'],
  ])('%s → %s (in either wizard)', (answer, expected) => {
    expect(parseDeclaredDate(answer, today, 'fr')).toEqual({ ok: true, value: expected });
    expect(parseDeclaredDate(answer, today, 'en')).toEqual({ ok: true, value: expected });
  });

  it('reads 03/14/2011 month first in English, and refuses it in French', () => {
    expect(parseDeclaredDate('03/14/2011', today, 'en')).toEqual({ ok: true, value: '2011-03-14' });
    expect(parseDeclaredDate('14/03/2011', today, 'en')).toEqual({ ok: true, value: '2011-03-14' });
    expect(parseDeclaredDate('03/14/2011', today, 'fr')).toEqual({
      ok: false,
      problem: 'invalid.date',
    });
  });

  it('asks, in English, when both readings are dates; French reads the day first', () => {
    expect(parseDeclaredDate('03/12/2026', today, 'en')).toEqual({
      ok: false,
      problem: 'invalid.date-order',
      values: { dayFirst: '3 December', monthFirst: '12 March' },
    });
    expect(parseDeclaredDate('03/12/2025', today, 'fr')).toEqual({ ok: true, value: '2025-12-03' });
  });

  it('takes a US-style date of birth in the English wizard', () => {
    expect(parseAgeOrBirthDate('03/14/2011', today, 'en')).toEqual({
      ok: true,
      value: { age: 15, dateOfBirth: '2011-03-14' },
    });
    expect(parseAgeOrBirthDate('March 14, 2011', today, 'fr')).toEqual({
      ok: true,
      value: { age: 15, dateOfBirth: '2011-03-14' },
    });
  });

  it.each(['12 truc 2024', '32 mars 2024', '12 mars 2027'])('%s is refused', (answer) => {
    expect(parseDeclaredDate(answer, today).ok).toBe(false);
  });
});

describe('a typed or dropped path with ~', () => {
  const files = new Set([
    '/home/sophie/Captures/profil jess.webp',
    '/home/sophie/a.png',
    '/tmp/b c.png',
  ]);
  const exists = (path: string) => files.has(path);
  it.each([
    ['~/Captures/profil jess.webp', ['/home/sophie/Captures/profil jess.webp']],
    ["'~/Captures/profil jess.webp'", ['/home/sophie/Captures/profil jess.webp']],
    ['"~/Captures/profil jess.webp"', ['/home/sophie/Captures/profil jess.webp']],
    ['~/Captures/profil\\ jess.webp', ['/home/sophie/Captures/profil jess.webp']],
    [
      '~/a.png ~/Captures/profil jess.webp /tmp/b c.png',
      ['/home/sophie/a.png', '/home/sophie/Captures/profil jess.webp', '/tmp/b c.png'],
    ],
  ])('%s → %j', (line, paths) => {
    expect(findDroppedPaths(line, exists, 'linux', '/home/sophie')).toEqual({ paths });
  });

  it('names the first path that does not exist', () => {
    expect(findDroppedPaths('~/a.png ~/nope.png', exists, 'linux', '/home/sophie')).toEqual({
      missing: '/home/sophie/nope.png',
    });
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

describe('a PCS recharge code (regression: the wizard took any text as one)', () => {
  it.each([
    ['1234567890123456', '1234 5678 9012 3456'],
    ['1234 5678 9012 3456', '1234 5678 9012 3456'],
    [' 1234-5678-9012-3456 ', '1234 5678 9012 3456'],
    ['RECH 1234 5678 9012 3456', '1234 5678 9012 3456'],
    ['code RECH : 1234567890123456', '1234 5678 9012 3456'],
  ])('takes %j as %j', (typed, saved) => {
    expect(parsePcsCode(typed)).toEqual({ ok: true, value: saved });
  });

  it.each(['', 'je ne sais pas', 'Je sais pas', 'pas de code', '?', "I don't know"])(
    'takes %j as no code',
    (typed) => {
      expect(parsePcsCode(typed)).toEqual({ ok: true, value: null });
    },
  );

  it.each([
    ['RECH 0000 1111', '8'],
    ['1234 5678 9012 34567', '17'],
    ['ABCD 1234 EFGH 5678', '8'],
    ['le reçu est perdu', '0'],
  ])('asks again for %j, in French, saying what a code is', (typed, digits) => {
    const parsed = parsePcsCode(typed);
    expect(parsed).toEqual({ ok: false, problem: 'invalid.pcs-code', values: { digits } });
    if (parsed.ok) return;
    const said = loadWizardText('fr')(parsed.problem, { answer: typed, ...parsed.values });
    expect(said).toContain(`« ${typed} » n'est pas un code de recharge PCS : il faut 16 chiffres`);
    expect(said).toContain(`ici il y en a ${digits}`);
    expect(said).toContain('« je ne sais pas »');
  });
});

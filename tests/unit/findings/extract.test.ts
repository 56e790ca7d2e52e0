import { createHash } from 'node:crypto';
import { createBase58check } from '@scure/base';
import { beforeAll, describe, expect, it } from 'vitest';
import { FindingCollector } from '../../../src/findings/collect.js';
import { extractFromText } from '../../../src/findings/extract-text.js';
import { loadSignalPatterns } from '../../../src/findings/signal-patterns.js';
import type { ExtractOptions } from '../../../src/model/findings.js';

let options: ExtractOptions;
beforeAll(async () => {
  options = { defaultCountry: 'FR', signals: await loadSignalPatterns() };
});

const base58check = createBase58check(
  (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest()),
);
/** A synthetic address: version byte then 20 bytes of one value. */
const address = (version: number, fill: number) =>
  base58check.encode(new Uint8Array([version, ...new Array(20).fill(fill)]));

function only(text: string, kind: string) {
  return extractFromText(text, options).filter((match) => match.kind === kind);
}

describe('extractFromText', () => {
  it('reads a French mobile number with the case country as region', () => {
    const [phone] = only('appelle le 06 00 00 00 12 ce soir', 'phone');
    expect(phone).toMatchObject({
      value: '06 00 00 00 12',
      normalized: '+33600000012',
      validity: 'valid',
    });
  });

  it('reads e-mails, profile links and @handles, a link’s @name not as a handle', () => {
    const matches = extractFromText(
      'ajoute moi @inconnu_77 ou tiktok.com/@inconnu.tok, écris à x.y@example.org',
      options,
    );
    expect(matches.map((m) => [m.kind, m.normalized])).toEqual([
      ['handle', '@inconnu_77'],
      ['profile-link', 'https://tiktok.com/@inconnu.tok'],
      ['email', 'x.y@example.org'],
    ]);
  });

  it('checks an IBAN and reports a wrong check digit as unverified, never valid', () => {
    expect(only('IBAN FR76 3000 6000 0112 3456 7890 189', 'iban')[0]).toMatchObject({
      normalized: 'FR7630006000011234567890189',
      validity: 'valid',
    });
    expect(only('IBAN FR77 3000 6000 0112 3456 7890 189', 'iban')[0]?.validity).toBe('unverified');
  });

  it('repairs one OCR confusion in an IBAN and states it', () => {
    const [iban] = only('IBAN FR76 3000 6000 Ol12 3456 7890 189', 'iban');
    expect(iban?.validity).toBe('valid');
    expect(iban?.normalized).toBe('FR7630006000011234567890189');
    expect(iban?.repair?.changes).toMatch(/O→0|l→1/);
  });

  it('checks Bitcoin base58check and bech32, repairing bclq… and q/g', () => {
    const legacy = address(0, 7);
    expect(only(`btc ${legacy}`, 'bitcoin')[0]?.validity).toBe('valid');
    const broken = `${legacy.slice(0, -1)}${legacy.endsWith('a') ? 'b' : 'a'}`;
    expect(only(`btc ${broken}`, 'bitcoin')[0]?.validity).toBe('unverified');
    const [bech] = only('wallet bclqar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'bitcoin');
    expect(bech).toMatchObject({
      normalized: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      validity: 'valid',
    });
    expect(bech?.repair?.changes).toContain('l→1 at 3');
    expect(
      only('bc1gar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'bitcoin')[0]?.repair?.changes,
    ).toContain('g→q');
  });

  it('replaces characters a bech32 address cannot hold before guessing (as Tesseract read one)', () => {
    const [bech] = only('bc1garOsrrr7xfkvy51643lydnw9re59gtzzwf5mdq', 'bitcoin');
    expect(bech).toMatchObject({
      normalized: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      validity: 'valid',
    });
    expect(bech?.repair?.changes).toBe('o→0 at 7, 1→l at 19, g→q at 4');
  });

  it('checks EIP-55 Ethereum and Tron addresses', () => {
    expect(only('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'ethereum')[0]?.validity).toBe(
      'valid',
    );
    expect(only('0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'ethereum')[0]?.validity).toBe(
      'unverified',
    );
    expect(only('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'ethereum')[0]?.validity).toBe(
      'unverified',
    );
    expect(only(`trc20 ${address(0x41, 9)}`, 'tron')[0]?.validity).toBe('valid');
  });

  it('reads voucher codes with their brand, amounts with their currency', () => {
    const matches = extractFromText('Envoie 2 coupons PCS de 150€ : 7K3Q 9ZXA 2B4C', options);
    expect(matches.filter((m) => m.kind === 'voucher')).toMatchObject([
      { normalized: '7K3Q9ZXA2B4C', detail: 'PCS' },
    ]);
    expect(matches.filter((m) => m.kind === 'amount')).toMatchObject([{ normalized: '150 EUR' }]);
  });

  it('finds demands, threats and deadlines in French and English', () => {
    const fr = extractFromText(
      "Paye 300€ ou j'envoie tes photos à tous tes followers. Tu as 1h",
      options,
    );
    expect(new Set(fr.map((m) => m.kind))).toEqual(
      new Set(['demand', 'amount', 'threat', 'deadline']),
    );
    const en = extractFromText(
      'send me $500 in steam cards or I will send the pics to everyone. You have 2 hours',
      options,
    );
    expect(en.map((m) => m.kind)).toEqual(
      expect.arrayContaining(['demand', 'threat', 'deadline', 'amount']),
    );
    expect(extractFromText('on se voit demain au cinéma ?', options)).toEqual([]);
  });
});

describe('FindingCollector', () => {
  it('gathers one identifier from several messages, first and last seen', () => {
    const collector = new FindingCollector(options);
    collector.addText({
      text: 'mon num 06 00 00 00 12',
      place: { exhibit: 'P2', message: 3 },
      at: '2026-01-02T10:00:00Z',
    });
    collector.addText({
      text: '+33 6 00 00 00 12 !!',
      place: { exhibit: 'P2', message: 9 },
      at: '2026-01-03T10:00:00Z',
    });
    const [phone] = collector.findings();
    expect(phone).toMatchObject({
      id: 'F1',
      kind: 'phone',
      normalized: '+33600000012',
      firstSeen: '2026-01-02T10:00:00Z',
      lastSeen: '2026-01-03T10:00:00Z',
    });
    expect(phone?.occurrences.map((o) => o.place.message)).toEqual([3, 9]);
  });
});

import { describe, expect, it } from 'vitest';
import { createCaseReference } from '../../../src/case/reference.js';
import { detectMime } from '../../../src/evidence/metadata.js';
import { toSafeFileName } from '../../../src/evidence/stored-name.js';
import { interpretWallClock } from '../../../src/model/zone.js';

describe('case reference', () => {
  it('has the date in the case zone and four unambiguous characters', () => {
    const reference = createCaseReference(
      new Date('2026-11-30T23:30:00Z'),
      'Europe/Paris',
      Uint8Array.from([0, 1, 2, 31]),
    );
    expect(reference).toBe('PRV-20261201-234Z');
  });
});

describe('wall-clock times in a zone', () => {
  it('uses the zone given, never the machine zone', () => {
    expect(interpretWallClock('2024-03-12T21:04', 'Europe/Paris')).toEqual({
      instant: '2024-03-12T20:04:00Z',
      offset: '+01:00',
      isDstAmbiguous: false,
    });
  });
  it('flags the spring gap and the repeated autumn hour', () => {
    expect(interpretWallClock('2024-03-31T02:30', 'Europe/Paris')?.isDstAmbiguous).toBe(true);
    expect(interpretWallClock('2024-10-27T02:30:00', 'Europe/Paris')?.isDstAmbiguous).toBe(true);
    expect(interpretWallClock('2024-10-27T04:30:00', 'Europe/Paris')?.isDstAmbiguous).toBe(false);
  });
});

describe('safe stored names', () => {
  it.each([
    ["Capture d'écran 2024-03-12 à 21.04.55.png", 'Capture_d_écran_2024-03-12_à_21.04.55.png'],
    ['../../etc/passwd', 'etc_passwd'],
    ['.hidden', 'hidden'],
    ['фото.jpg', 'фото.jpg'],
    ['', 'file'],
  ])('%s → %s', (name, safe) => {
    expect(toSafeFileName(name)).toBe(safe);
  });
});

describe('MIME from content', () => {
  it('recognises text, binary, empty and magic numbers regardless of the name', async () => {
    expect(await detectMime(Buffer.from('12/03/2024 21:03 - Inconnu_77: salut ça va ?\n'))).toBe(
      'text/plain',
    );
    expect(await detectMime(Buffer.from([0x00, 0x01, 0xfe, 0x42]))).toBe(
      'application/octet-stream',
    );
    expect(await detectMime(Buffer.alloc(0))).toBe('application/x-empty');
    expect(await detectMime(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'))).toBe('application/pdf');
  });
});

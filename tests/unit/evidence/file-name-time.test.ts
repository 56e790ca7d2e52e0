import { describe, expect, it } from 'vitest';
import { readTimeFromFileName } from '../../../src/evidence/file-name-time.js';

describe('capture time from file names', () => {
  it.each([
    ['Screenshot_20240312-210455.png', '2024-03-12T21:04:55'],
    ['Screenshot_20240312-210455_Instagram.jpg', '2024-03-12T21:04:55'],
    ['Screenshot_2024-03-12-21-04-55.png', '2024-03-12T21:04:55'],
    ['Screenshot 2024-03-12 at 21.04.55.png', '2024-03-12T21:04:55'],
    ['Screen Shot 2024-03-12 at 9.04.55.png', '2024-03-12T09:04:55'],
    ["Capture d'écran 2024-03-12 à 21.04.55.png", '2024-03-12T21:04:55'],
    ['Capture d’écran 2024-03-12 à 21.04.55.png', '2024-03-12T21:04:55'],
    ["Capture d'écran 2024-03-12 210455.png", '2024-03-12T21:04:55'],
    ['IMG_20240312_210455.jpg', '2024-03-12T21:04:55'],
    ['PXL_20240312_210455123.jpg', '2024-03-12T21:04:55'],
    ['2024-03-12_21-04-55.png', '2024-03-12T21:04:55'],
  ])('%s → %s', (name, wallClock) => {
    expect(readTimeFromFileName(name)).toMatchObject({ wallClock, precision: 'second' });
  });

  it('reads only the date from WhatsApp media names', () => {
    expect(readTimeFromFileName('IMG-20240312-WA0001.jpg')).toMatchObject({
      wallClock: '2024-03-12',
      precision: 'day',
    });
  });

  it.each(['capture.png', 'IMG_1234.HEIC', 'Screenshot_20241399-250000.png', 'scan-99999999.pdf'])(
    'finds nothing in %s',
    (name) => {
      expect(readTimeFromFileName(name)).toBeUndefined();
    },
  );
});

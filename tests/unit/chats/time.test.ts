import { describe, expect, it } from 'vitest';
import { WallClockConverter } from '../../../src/chats/time.js';
import { UsageError } from '../../../src/model/errors.js';

describe('WallClockConverter', () => {
  const paris = new WallClockConverter('Europe/Paris');

  it('converts with the given zone, winter and summer', () => {
    expect(paris.convert({ year: 2024, month: 1, day: 15, hour: 12, minute: 0 }, 'minute')).toEqual(
      {
        instant: '2024-01-15T11:00:00Z',
        wallClock: '2024-01-15T12:00',
        zone: 'Europe/Paris',
        precision: 'minute',
      },
    );
    expect(
      paris.convert({ year: 2024, month: 7, day: 15, hour: 12, minute: 0, second: 9 }, 'second'),
    ).toEqual({
      instant: '2024-07-15T10:00:09Z',
      wallClock: '2024-07-15T12:00:09',
      zone: 'Europe/Paris',
      precision: 'second',
    });
  });

  it('flags the DST gap and the repeated hour, in both hemispheres', () => {
    expect(
      paris.convert({ year: 2024, month: 3, day: 31, hour: 2, minute: 15 }, 'minute')
        ?.isDstAmbiguous,
    ).toBe(true);
    expect(
      paris.convert({ year: 2024, month: 10, day: 27, hour: 2, minute: 15 }, 'minute'),
    ).toMatchObject({
      instant: '2024-10-27T00:15:00Z',
      isDstAmbiguous: true,
    });
    const sydney = new WallClockConverter('Australia/Sydney');
    expect(
      sydney.convert({ year: 2024, month: 4, day: 7, hour: 2, minute: 30 }, 'minute'),
    ).toMatchObject({
      instant: '2024-04-06T15:30:00Z',
      isDstAmbiguous: true,
    });
    expect(
      sydney.convert({ year: 2024, month: 10, day: 6, hour: 2, minute: 30 }, 'minute')
        ?.isDstAmbiguous,
    ).toBe(true);
    expect(
      paris.convert({ year: 2024, month: 3, day: 31, hour: 3, minute: 0 }, 'minute')
        ?.isDstAmbiguous,
    ).toBeUndefined();
  });

  it('returns undefined for dates that do not exist', () => {
    expect(
      paris.convert({ year: 2024, month: 2, day: 30, hour: 1, minute: 0 }, 'minute'),
    ).toBeUndefined();
    expect(
      paris.convert({ year: 2023, month: 13, day: 1, hour: 1, minute: 0 }, 'minute'),
    ).toBeUndefined();
  });

  it('refuses an unknown zone', () => {
    expect(() => new WallClockConverter('Europe/Atlantis')).toThrow(UsageError);
  });
});

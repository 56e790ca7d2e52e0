import { describe, expect, it } from 'vitest';
import { findExcessiveDepth } from '../../../src/chats/formats/json-util.js';
import { timeFromEpochMs } from '../../../src/chats/time.js';
import { decodeFsName, escapeFsName, toFsPath } from '../../../src/model/fs-path.js';

describe('file names that are not UTF-8', () => {
  it('keep every byte through decode and toFsPath, and show escaped', () => {
    const bytes = Buffer.from('capture café 2.png', 'latin1');
    const name = decodeFsName(bytes);
    expect(toFsPath(name)).toEqual(bytes);
    expect(escapeFsName(name)).toBe('capture caf\\xe9 2.png');
  });

  it('leave UTF-8 names as they are', () => {
    expect(decodeFsName(Buffer.from('capture café.png'))).toBe('capture café.png');
    expect(toFsPath('capture café.png')).toBe('capture café.png');
  });

  it('keep valid UTF-8 next to a bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('é-'), Buffer.from([0xff]), Buffer.from('😠')]);
    const name = decodeFsName(bytes);
    expect(escapeFsName(name)).toBe('é-\\xff😠');
    expect(toFsPath(name)).toEqual(bytes);
  });
});

describe('bounds on parsed values', () => {
  it('a JSON nesting depth past the limit is found, strings ignored', () => {
    expect(findExcessiveDepth('[[[1]]]', 3)).toBeUndefined();
    expect(findExcessiveDepth('[[[[1]]]]', 3)).toBe(3);
    expect(findExcessiveDepth('["[[[[[[", "\\"[[[["]', 2)).toBeUndefined();
  });

  it('an epoch time beyond ±10,000 years or NaN is unreadable, its raw value kept', () => {
    expect(timeFromEpochMs(1_710_276_005_000, 'second')).toEqual({
      instant: '2024-03-12T20:40:05.000Z',
      precision: 'second',
    });
    expect(timeFromEpochMs(Number.NaN, 'ms', 'NaN')).toEqual({
      precision: 'ms',
      unreadable: 'NaN',
    });
    expect(timeFromEpochMs(1e22, 'second', '12345678901234567890').unreadable).toBe(
      '12345678901234567890',
    );
    expect(timeFromEpochMs(-1e308, 'ms').unreadable).toBe('-1e+308');
  });
});

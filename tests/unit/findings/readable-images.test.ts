import { describe, expect, it } from 'vitest';
import { readableImageFiles } from '../../../src/app/findings-evidence.js';
import type { Exhibit, ExhibitFile } from '../../../src/model/exhibit.js';

const file = (overrides: Partial<ExhibitFile> = {}): ExhibitFile => ({
  role: 'original',
  name: 'capture.png',
  sourcePath: '/tmp/capture.png',
  storedPath: 'evidence/P1/capture.png',
  size: 10,
  sha256: 'a'.repeat(64),
  mime: 'image/png',
  ...overrides,
});

const exhibit = (overrides: Partial<Exhibit> = {}): Exhibit => ({
  number: 1,
  kind: 'image',
  isSensitive: false,
  addedAt: { source: 'clock', precision: 'second', instant: '2026-11-30T09:15:00Z' },
  addedBy: 'test',
  files: [file()],
  times: [],
  notes: [],
  ...overrides,
});

describe('readableImageFiles (what OCR may read)', () => {
  it('reads a stored screenshot', () => {
    expect(readableImageFiles(exhibit())).toHaveLength(1);
  });

  it('never a sensitive exhibit, a description-only item or a withdrawn exhibit', () => {
    expect(readableImageFiles(exhibit({ isSensitive: true, kind: 'sensitive' }))).toEqual([]);
    expect(readableImageFiles(exhibit({ isDescriptionOnly: true, files: [] }))).toEqual([]);
    expect(
      readableImageFiles(
        exhibit({
          withdrawn: { at: { source: 'clock', precision: 'second' }, by: 't', reason: 'x' },
        }),
      ),
    ).toEqual([]);
  });

  it('never an excluded chat attachment nor a file that was not copied', () => {
    const chat = exhibit({
      kind: 'conversation',
      files: [
        file({
          role: 'attachment',
          name: 'intime.jpg',
          mime: 'image/jpeg',
          isExcluded: true,
          excludedReason: 'sensitive',
        }),
        file({
          role: 'attachment',
          name: 'kept-out.jpg',
          mime: 'image/jpeg',
          isExcluded: true,
          excludedReason: 'excluded-by-user',
        }),
        file({
          role: 'attachment',
          name: 'not-copied.jpg',
          mime: 'image/jpeg',
          storedPath: undefined as unknown as string,
        }),
        file({ role: 'attachment', name: 'screenshot.jpg', mime: 'image/jpeg' }),
      ],
    });
    expect(readableImageFiles(chat).map((f) => f.name)).toEqual(['screenshot.jpg']);
  });
});

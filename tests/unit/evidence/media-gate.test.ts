import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initCase, loadCase, withCase } from '../../../src/case/store.js';
import { replayStoredMessages } from '../../../src/chats/replay-stored.js';
import { buildDossier } from '../../../src/dossier/build.js';
import { type AddRequest, addEvidence } from '../../../src/evidence/add.js';
import type { GatedMedia, MediaDecision } from '../../../src/evidence/media-gate.js';
import { fixedClock } from '../../../src/model/clock.js';
import type { Exhibit } from '../../../src/model/exhibit.js';
import { sha256File, snapshotTree } from '../../helpers/case-state.js';
import { makeTempDir } from '../../helpers/cli.js';
import { requireTool } from '../../helpers/tools.js';
import { extractZip, zipFiles } from '../../helpers/zip.js';

const clock = fixedClock('2026-11-30T09:15:00.000Z');
const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const WHATSAPP = join(FIXTURES, 'whatsapp/android-fr-media');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function newCase() {
  const root = makeTempDir();
  roots.push(root);
  const caseDir = join(root, 'case');
  await initCase({
    dir: caseDir,
    operator: 'Test',
    language: 'fr',
    timeZone: 'Europe/Paris',
    clock,
    reference: 'PRV-20261130-7K3Q',
  });
  return { root, caseDir };
}

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/**
 * Adds `paths` with a gate that answers `answer` for every image and video, checking at each
 * question that evidence/ holds no byte yet. Returns what the gate was asked and the exhibits.
 */
async function addThroughGate(
  caseDir: string,
  paths: string[],
  answer: (media: GatedMedia) => MediaDecision,
  extra: Partial<AddRequest> = {},
) {
  const asked: GatedMedia[] = [];
  const result = await withCase(caseDir, { command: 'add', operator: 'Test', clock }, (session) =>
    addEvidence(session, {
      paths,
      isSensitive: false,
      operator: 'Test',
      clock,
      decideMedia: (media) => {
        expect(filesUnder(join(caseDir, 'evidence'))).toEqual([]);
        asked.push(media);
        return answer(media);
      },
      ...extra,
    }),
  );
  return { asked, result, exhibits: (await loadCase(caseDir)).exhibits };
}

/** The file an intimate answer kept out: hashed, not stored, and its hash in no file of evidence/. */
function expectNotCopied(caseDir: string, exhibits: readonly Exhibit[], name: string) {
  const file = exhibits.flatMap((exhibit) => exhibit.files).find((f) => f.name.endsWith(name));
  expect(file, name).toBeDefined();
  expect(file!.storedPath).toBeUndefined();
  expect(file!.isExcluded).toBe(true);
  const stored = filesUnder(join(caseDir, 'evidence')).map(sha256File);
  expect(stored).not.toContain(file!.sha256);
  return file!;
}

describe('the intimate-image gate: asked before any byte is copied, on every path', () => {
  it('a folder of screenshots: each image asked about; "intimate" copies nothing', async () => {
    const { root, caseDir } = await newCase();
    mkdirSync(join(root, 'captures'));
    cpSync(join(WHATSAPP, 'IMG-20240312-WA0001.jpg'), join(root, 'captures/a.jpg'));
    writeFileSync(join(root, 'captures/notes.txt'), 'une note\n');
    const { asked, exhibits } = await addThroughGate(
      caseDir,
      [join(root, 'captures')],
      () => 'sensitive',
    );
    expect(asked.map((media) => [media.origin, media.name])).toEqual([['file', 'a.jpg']]);
    const image = exhibits.find((exhibit) => exhibit.files[0]?.name === 'a.jpg')!;
    expect(image).toMatchObject({ isSensitive: true, kind: 'sensitive' });
    expectNotCopied(caseDir, exhibits, 'a.jpg');
  });

  it('a plain zip of photos: asked about as a whole; "intimate" keeps the zip out', async () => {
    const { root, caseDir } = await newCase();
    const zip = join(root, 'photos.zip');
    zipFiles(WHATSAPP, zip, ['IMG-20240312-WA0001.jpg']);
    const { asked, exhibits } = await addThroughGate(caseDir, [zip], () => 'sensitive');
    expect(asked).toMatchObject([{ origin: 'archive', name: 'photos.zip', mediaCount: 1 }]);
    expectNotCopied(caseDir, exhibits, 'photos.zip');
  });

  it('a WhatsApp zip: the photo no message names is asked about with the attachments', async (context) => {
    const { root, caseDir } = await newCase();
    const zip = join(root, 'chat.zip');
    zipFiles(WHATSAPP, zip, readdirSync(WHATSAPP));
    const { asked, exhibits } = await addThroughGate(caseDir, [zip], (media) =>
      media.origin === 'unreferenced' ? 'sensitive' : 'copy',
    );
    expect(asked.map((media) => [media.origin, media.name])).toEqual([
      ['attachment', 'IMG-20240312-WA0001.jpg'],
      ['unreferenced', 'IMG-20240311-WA0000.jpg'],
    ]);
    const kept = expectNotCopied(caseDir, exhibits, 'IMG-20240311-WA0000.jpg');
    expect(kept.excludedReason).toBe('sensitive');
    // The zip holds the photo, so the zip itself is hashed, not copied.
    expectNotCopied(caseDir, exhibits, 'chat.zip');

    // Neither the ZIP nor the PDF of the dossier holds it.
    const built = await withCase(
      caseDir,
      { command: 'build', operator: 'Test', clock },
      (session) =>
        buildDossier(session, {
          operator: 'Test',
          clock,
          toolVersion: 'test',
          replayMessages: replayStoredMessages,
        }),
    );
    const extracted = join(root, 'extracted');
    extractZip(built.zipPath, extracted);
    const entries = Object.entries(snapshotTree(extracted)).filter(([name]) => !name.endsWith('/'));
    const entryHashes = entries.map(([, modeAndHash]) => modeAndHash.split(' ')[1]);
    expect(entryHashes).not.toContain(kept.sha256);
    expect(entries.some(([name]) => name.includes('WA0000'))).toBe(false);
    // The ZIP was checked above; the PDF's text needs pdftotext.
    requireTool(context, 'pdftotext');
    const text = execFileSync('pdftotext', ['-layout', built.pdfPath!, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/IMG-20240311-WA0000\.jpg — image intime — non copiée, non transmise/);
  });

  it('a WhatsApp export without a terminal: the unreferenced photo is hashed in place, not copied', async () => {
    const { caseDir } = await newCase();
    const result = await withCase(caseDir, { command: 'add', operator: 'Test', clock }, (session) =>
      addEvidence(session, { paths: [WHATSAPP], isSensitive: false, operator: 'Test', clock }),
    );
    expect(result.withheld.map(({ media, decision }) => [media.name, decision])).toEqual([
      ['IMG-20240311-WA0000.jpg', 'exclude'],
    ]);
    const { exhibits } = await loadCase(caseDir);
    expect(expectNotCopied(caseDir, exhibits, 'IMG-20240311-WA0000.jpg').excludedReason).toBe(
      'unreferenced',
    );
    expect(exhibits[0]!.notes.join('\n')).toMatch(/1 photo\(s\) ou vidéo\(s\) de l'export/);
  });

  it('--include-unreferenced-media copies it', async () => {
    const { caseDir } = await newCase();
    await withCase(caseDir, { command: 'add', operator: 'Test', clock }, (session) =>
      addEvidence(session, {
        paths: [WHATSAPP],
        isSensitive: false,
        operator: 'Test',
        clock,
        includeUnreferencedMedia: true,
      }),
    );
    const { exhibits } = await loadCase(caseDir);
    const file = exhibits[0]!.files.find((f) => f.name === 'IMG-20240311-WA0000.jpg')!;
    expect(file.storedPath).toBeDefined();
  });

  it('an MMS picture in an SMS backup: asked about; "intimate" copies nothing', async () => {
    const { caseDir } = await newCase();
    const { asked, exhibits } = await addThroughGate(
      caseDir,
      [join(FIXTURES, 'sms/mms.xml')],
      () => 'sensitive',
    );
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((media) => media.origin === 'embedded')).toBe(true);
    for (const media of asked) expectNotCopied(caseDir, exhibits, media.name);
    expectNotCopied(caseDir, exhibits, 'mms.xml');
  });

  it('an e-mail attachment: asked about; "intimate" copies nothing', async () => {
    const { caseDir } = await newCase();
    const { asked, exhibits } = await addThroughGate(
      caseDir,
      [join(FIXTURES, 'email/attachments.eml')],
      () => 'sensitive',
    );
    expect(asked.map((media) => media.origin)).toContain('embedded');
    for (const media of asked) expectNotCopied(caseDir, exhibits, media.name);
    expectNotCopied(caseDir, exhibits, 'attachments.eml');
  });

  it('a Telegram export: its photos asked about; "intimate" copies none', async () => {
    const { caseDir } = await newCase();
    const { asked, exhibits } = await addThroughGate(
      caseDir,
      [join(FIXTURES, 'telegram/ChatExport_2024-03-13')],
      () => 'sensitive',
    );
    expect(asked.map((media) => media.name).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/photo_1@/),
        expect.stringMatching(/photo_2@/),
      ]),
    );
    for (const media of asked) expectNotCopied(caseDir, exhibits, media.name.split('/').at(-1)!);
  });

  it('an Instagram export: its photos asked about; "intimate" copies none', async () => {
    const { caseDir } = await newCase();
    const { asked, exhibits } = await addThroughGate(
      caseDir,
      [join(FIXTURES, 'instagram/dyi-current')],
      () => 'sensitive',
    );
    expect(asked.length).toBeGreaterThan(0);
    for (const media of asked) expectNotCopied(caseDir, exhibits, media.name.split('/').at(-1)!);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BagPayloadFile, WriteBagZipOptions } from '../../../src/bagit/write-bag-zip.js';
import { sevenZipCommand } from '../../helpers/tools.js';

/** A temporary folder removed by the returned function. */
export function makeTempDir(prefix = 'preuve-bag-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small synthetic case: a JPEG-named binary, a chat text with a space and an accent in its name. */
export function makeSamplePayload(dir: string): BagPayloadFile[] {
  const photo = join(dir, 'capture.jpg');
  const chat = join(dir, 'chat.txt');
  const bytes = Buffer.alloc(300_000);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7919) % 251;
  writeFileSync(photo, bytes);
  writeFileSync(chat, '12/03/2024 21:04 - Inconnu: envoie 300 € en carte PCS\n'.repeat(2000));
  return [
    { bagPath: 'data/dossier.pdf', source: { bytes: '%PDF-1.7 synthetic\n' } },
    { bagPath: 'data/pieces/P01-capture.jpg', source: { file: photo } },
    {
      bagPath: 'data/pieces/P02-whatsapp/Discussion WhatsApp avec Léa.txt',
      source: { file: chat },
    },
    { bagPath: 'data/pieces/P03-recu.txt', source: { bytes: 'Reçu PCS 300 €\n' } },
    { bagPath: 'data/manifest.json', source: { bytes: '{"exhibits":[]}\n' } },
  ];
}

export function sampleOptions(outFile: string, payload: BagPayloadFile[]): WriteBagZipOptions {
  return {
    outFile,
    topFolder: 'PREUVE-2024-0001',
    payload,
    bagInfo: {
      'Source-Organization': 'Association Exemple',
      'Contact-Name': 'Camille Exemple',
      'External-Description': 'Dossier de preuves (synthétique)',
      'External-Identifier': 'PREUVE-2024-0001',
      'Preuve-Version': '0.1.0',
    },
    fixedTime: new Date('2024-03-14T09:30:00Z'),
    baggingDate: '2024-03-14',
    tagFiles: [{ bagPath: 'README.txt', bytes: 'Vérifier avec sha256sum -c.\n' }],
  };
}

/** Runs a command; '7z' is Debian's 7z or the 7za of 7zip-bin (see sevenZipCommand). */
export function run(command: string, args: string[], cwd?: string): string {
  return execFileSync(resolveCommand(command), args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runStatus(command: string, args: string[], cwd?: string): number {
  try {
    execFileSync(resolveCommand(command), args, { cwd, stdio: 'ignore' });
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

function resolveCommand(command: string): string {
  return command === '7z' ? sevenZipCommand() : command;
}

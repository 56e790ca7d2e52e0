import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeTempDir, runPreuve, TEST_ENV } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { initCase } from '../helpers/new-case.js';
import { requireTool } from '../helpers/tools.js';
import { makeZip } from '../helpers/zip-bytes.js';

/**
 * Each input here once crashed `preuve add` with a stack trace (issue 19). A time that is no
 * time now gives "unreadable time" on its message, the raw value kept; a JSON bomb is refused
 * with a clear message; a file name that is not UTF-8 is taken with its bytes.
 */
let temp: string;
beforeAll(() => {
  temp = makeTempDir('preuve-hostile-parsers-');
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let caseCount = 0;
function newCase(): string {
  caseCount += 1;
  const caseDir = join(temp, `case-${caseCount}`);
  initCase(caseDir);
  return caseDir;
}

function instagramExport(name: string, timestampMs: string, content = '"coucou"'): string {
  const folder = join(temp, name, 'messages', 'inbox', 'inconnu_77_1');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'message_1.json'),
    `{"participants":[{"name":"Inconnu_77"},{"name":"lea.m"}],"messages":[{"sender_name":"Inconnu_77","timestamp_ms":${timestampMs},"content":${content},"type":"Generic"}],"title":"Inconnu_77"}`,
  );
  return join(temp, name);
}

function smsBackup(name: string, date: string): string {
  const path = join(temp, `${name}.xml`);
  writeFileSync(
    path,
    `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="1" backup_set="00000000-0000-4000-8000-000000000000" backup_date="1710316800000" type="full">
  <sms protocol="0" address="+33600000077" date="${date}" type="1" subject="null" body="Tu as jusqu'à demain." toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" readable_date="x" contact_name="(Unknown)" />
</smses>
`,
  );
  return path;
}

/**
 * Adds `input` (a spawned preuve: the input is what once crashed it), expects success, and
 * returns what `show P1` prints (the CLI run in this process: it only reads what add stored).
 */
async function addAndShow(input: string): Promise<string> {
  const caseDir = newCase();
  const added = runPreuve(['add', input, '--case', caseDir, '--yes']);
  expect(added.code, added.stderr).toBe(0);
  expect(added.stderr).not.toMatch(/unexpected error|\n\s+at /);
  const shown = await runPreuveInProcess(['show', 'P1', '--case', caseDir]);
  expect(shown.code, shown.stderr).toBe(0);
  return shown.stdout;
}

describe('times that are no time: the message kept, "unreadable time" and the raw value', () => {
  it('Instagram timestamp_ms of 1e400 (Infinity once parsed)', async () => {
    expect(await addAndShow(instagramExport('ig-1e400', '1e400'))).toMatch(
      /unreadable time.*"Infinity".*coucou/s,
    );
  });

  it('Instagram timestamp_ms of -1e308', async () => {
    expect(await addAndShow(instagramExport('ig-minus', '-1e308'))).toMatch(
      /unreadable time.*coucou/s,
    );
  });

  it('Instagram timestamp_ms of 26 digits', async () => {
    expect(await addAndShow(instagramExport('ig-26', '12345678901234567890123456'))).toMatch(
      /unreadable time.*coucou/s,
    );
  });

  it('Telegram date_unixtime of 20 digits', async () => {
    const folder = join(temp, 'telegram');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'result.json'),
      JSON.stringify({
        name: 'Inconnu 77',
        type: 'personal_chat',
        id: 5550001234,
        messages: [
          {
            id: 1,
            type: 'message',
            date: '2024-03-12T21:40:05',
            date_unixtime: '12345678901234567890',
            from: 'Inconnu 77',
            from_id: 'user5550001234',
            text: 'payer avant ce soir',
            text_entities: [{ type: 'plain', text: 'payer avant ce soir' }],
          },
        ],
      }),
    );
    expect(await addAndShow(folder)).toMatch(/unreadable time.*"12345678901234567890"/s);
  });

  it('SMS backup date of 23 digits', async () => {
    expect(await addAndShow(smsBackup('sms-23', '12345678901234567890123'))).toMatch(
      /unreadable time.*"12345678901234567890123".*demain/s,
    );
  });

  it('SMS backup date NaN', async () => {
    expect(await addAndShow(smsBackup('sms-nan', 'NaN'))).toMatch(
      /unreadable time.*"NaN".*demain/s,
    );
  });

  it('the dossier says "heure illisible" on that message', (context) => {
    const caseDir = newCase();
    expect(runPreuve(['add', smsBackup('sms-pdf', 'NaN'), '--case', caseDir]).code).toBe(0);
    const built = runPreuve(['build', '--case', caseDir, '--yes']);
    expect(built.code, built.stderr).toBe(0);
    const pdf = readdirSync(join(caseDir, 'out')).find((name) => name.endsWith('.pdf'))!;
    requireTool(context, 'pdftotext');
    const text = spawnSync('pdftotext', [join(caseDir, 'out', pdf), '-'], { encoding: 'utf8' });
    expect(text.stdout).toContain('heure illisible : NaN');
  });
});

describe('JSON nested beyond any export', () => {
  it('an Instagram message nested 100,000 arrays deep is refused, naming the file and the fix', () => {
    const input = instagramExport(
      'ig-deep',
      '1600000000000',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    const caseDir = newCase();
    const result = runPreuve(['add', input, '--case', caseDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /message_1\.json.*more than 1000 levels deep.*Download the export again/,
    );
    expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
  });
});

describe('file names that are not UTF-8', () => {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');

  it('inside a folder: taken with its bytes, shown escaped', async () => {
    const folder = join(temp, 'latin-folder');
    mkdirSync(folder);
    writeFileSync(Buffer.concat([Buffer.from(`${folder}/`), latin1('capture café.txt')]), 'menace');
    const caseDir = newCase();
    const added = runPreuve(['add', folder, '--case', caseDir]);
    expect(added.code, added.stderr).toBe(0);
    const listed = await runPreuveInProcess(['list', '--case', caseDir]);
    // The stored name shows the byte as \xe9; the terminal doubles every backslash of a name.
    expect(listed.stdout).toContain('capture caf\\\\xe9.txt');
    const caseJson = readFileSync(join(caseDir, 'case.json'), 'utf8');
    expect(caseJson).toContain('capture caf\\udce9.txt'); // the byte 0xE9 itself, kept
    expect((await runPreuveInProcess(['verify', caseDir])).code).toBe(0);
  });

  it('given on the command line: read again from the raw argument bytes', async (context) => {
    requireTool(context, 'sh');
    writeFileSync(Buffer.concat([Buffer.from(`${temp}/`), latin1('résumé.txt')]), 'preuve');
    const caseDir = newCase();
    // A string argument is always sent as UTF-8: only a shell can pass the raw bytes.
    const added = spawnSync(
      'sh',
      [
        '-c',
        `"$0" "$1" add "$2/$(printf 'r\\351sum\\351.txt')" --case "$3"`,
        process.execPath,
        BIN,
        temp,
        caseDir,
      ],
      { env: { ...process.env, ...TEST_ENV }, encoding: 'utf8' },
    );
    expect(added.status, added.stderr).toBe(0);
    expect((await runPreuveInProcess(['list', '--case', caseDir])).stdout).toContain(
      'r\\\\xe9sum\\\\xe9.txt',
    );
  });
});

describe('two attachments whose names become the same stored name', () => {
  it('"photo 1.jpg" and "photo_1.jpg" are both stored, with a suffix, original names kept', async () => {
    const chat =
      '12/03/2024, 21:40 - Inconnu 77: photo 1.jpg (fichier joint)\n' +
      '13/03/2024, 21:41 - Inconnu 77: photo_1.jpg (fichier joint)\n';
    const zip = join(temp, 'collision.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: '_chat.txt', data: Buffer.from(chat) },
        { name: 'photo 1.jpg', data: Buffer.from('not really a jpeg, first') },
        { name: 'photo_1.jpg', data: Buffer.from('not really a jpeg, second') },
      ]),
    );
    const caseDir = newCase();
    const added = runPreuve(['add', zip, '--case', caseDir, '--format', 'whatsapp', '--yes']);
    expect(added.code, added.stderr).toBe(0);
    const exhibit = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).exhibits[0];
    const stored = Object.fromEntries(
      exhibit.files.map((file: { name: string; storedPath?: string }) => [
        file.name,
        file.storedPath,
      ]),
    );
    expect(stored['photo 1.jpg']).toBe('evidence/P1/photo_1.jpg');
    expect(stored['photo_1.jpg']).toBe('evidence/P1/photo_1-2.jpg');
    expect((await runPreuveInProcess(['verify', caseDir])).code).toBe(0);
  });
});

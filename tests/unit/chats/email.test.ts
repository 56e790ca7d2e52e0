import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emailDescriptor } from '../../../src/chats/formats/email/descriptor.js';
import {
  parseAuthenticationResults,
  parseReceived,
} from '../../../src/chats/formats/email/headers.js';
import { FORGEABLE_NOTE } from '../../../src/chats/formats/email/parse.js';
import { chatFormats } from '../../../src/chats/registry.js';
import type { ChatMessage, ParsedConversation } from '../../../src/model/conversation.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { renderText } from '../../../src/model/messages.js';
import { createMemorySource } from '../../helpers/memory-source.js';

const emailFormat = await emailDescriptor.load();

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/email/${name}`, import.meta.url));
const options = { timeZone: 'Europe/Paris' };

async function parseOne(
  name: string,
): Promise<{ conversation: ParsedConversation; message: ChatMessage }> {
  const source = createMemorySource({ [name]: fixture(name) }, 'file');
  const [conversation, ...others] = await emailFormat.parse(source, options);
  expect(others).toEqual([]);
  const messages: ChatMessage[] = [];
  for await (const message of conversation!.messages()) messages.push(message);
  expect(messages).toHaveLength(1);
  return { conversation: conversation!, message: messages[0]! };
}

async function parseError(name: string, content?: Buffer): Promise<EvidenceError> {
  const source = createMemorySource({ [name]: content ?? fixture(name) }, 'file');
  const error = await emailFormat.parse(source, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EvidenceError);
  return error as EvidenceError;
}

describe('e-mail: detection', () => {
  it('is registered', () => {
    expect(chatFormats).toContain(emailDescriptor);
  });

  it('recognises an e-mail by its headers, more surely with the .eml name', async () => {
    const eml = createMemorySource({ 'threat.eml': fixture('spoofed-spam.eml') }, 'file');
    expect(await emailFormat.detect(eml)).toBeGreaterThanOrEqual(0.9);
    const txt = createMemorySource({ 'threat.txt': fixture('spoofed-spam.eml') }, 'file');
    expect(await emailFormat.detect(txt)).toBeCloseTo(0.7);
  });

  it('says no to foreign input without throwing', async () => {
    const foreign = createMemorySource({
      'chat.txt': '12/03/2024 21:03 - Inconnu_77: salut ça va ?\n',
      'sms.xml': readFileSync(new URL('../../fixtures/sms/basic.xml', import.meta.url)),
      'mail.msg': fixture('outlook.msg'),
      'photo.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      'empty.eml': '',
    });
    expect(await emailFormat.detect(foreign)).toBe(0);
  });
});

describe('e-mail: a spoofed sextortion spam', () => {
  it('keeps every header that says where it came from', async () => {
    const { conversation } = await parseOne('spoofed-spam.eml');
    expect(conversation.header).toMatchObject({
      format: 'email',
      title: 'Tu as un problème',
      messageCount: 1,
      participants: [{ name: 'Léa Martin', id: 'lea.martin@example.org' }],
      firstMessageAt: { instant: '2024-03-12T20:40:55.000Z', precision: 'second' },
      inferences: [],
      notes: [FORGEABLE_NOTE],
      metadata: {
        file: 'spoofed-spam.eml',
        from: '"Léa Martin" <lea.martin@example.org>',
        to: 'lea.martin@example.org',
        replyTo: 'pay-now@example.net',
        returnPath: '<bounce@mailer.example.net>',
        subject: 'Tu as un problème',
        date: 'Tue, 12 Mar 2024 20:40:55 +0000',
        messageId: '<0000@mailer.example.net>',
        spf: 'fail (smtp.mailfrom=example.org)',
        dkim: 'none',
        dmarc: 'fail (header.from=example.org)',
        bodies: 'text',
        attachments: '0',
      },
    });
    expect(renderText('en', conversation.header.notes[0]!)).toMatch(
      /From and Date are written by the sender and can be forged/,
    );
  });

  it('lists the Received chain newest first, each hop with its servers and time', async () => {
    const { metadata } = (await parseOne('spoofed-spam.eml')).conversation.header;
    expect(metadata).toMatchObject({
      'received.count': '2',
      'received.1':
        'from mailer.example.net (mailer.example.net [203.0.113.9]) by mx.example.org (Postfix) ' +
        'with ESMTPS id 4Tv0000001 for <lea.martin@example.org>; Tue, 12 Mar 2024 21:41:10 +0100 (CET)',
      'received.1.from': 'mailer.example.net',
      'received.1.by': 'mx.example.org',
      'received.1.with': 'ESMTPS',
      'received.1.for': 'lea.martin@example.org',
      'received.1.at': '2024-03-12T20:41:10.000Z',
      'received.2.from': '[198.51.100.23]',
      'received.2.by': 'mailer.example.net',
      'received.2.at': '2024-03-12T20:41:02.000Z',
    });
    expect(metadata['authenticationResults.1']).toBe(
      'mx.example.org; spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=example.org; dkim=none; ' +
        'dmarc=fail (p=NONE dis=NONE) header.from=example.org',
    );
  });

  it('decodes the quoted-printable body; the spoofed sender is the message sender', async () => {
    const { message } = await parseOne('spoofed-spam.eml');
    expect(message).toMatchObject({
      seq: 0,
      sender: 'Léa Martin',
      senderId: 'lea.martin@example.org',
      id: '<0000@mailer.example.net>',
      time: { instant: '2024-03-12T20:40:55.000Z', precision: 'second' },
      text:
        'Je connais ton mot de passe … Envoie 500 € en Bitcoin à ' +
        'bc1qexampleexampleexampleexample0000000 sous 48 h.',
      attachments: [],
      flags: {},
      source: { file: 'spoofed-spam.eml', lineStart: 1, lineEnd: 18 },
    });
    expect(message.source.raw).toMatch(/^Return-Path: <bounce@mailer\.example\.net>/);
    expect(message.source.raw).not.toContain('Je connais');
  });
});

describe('e-mail: bodies and attachments', () => {
  it('shows an HTML-only body as text, with links, without images or scripts', async () => {
    const { conversation, message } = await parseOne('html-only.eml');
    expect(message.text).toBe(
      "Bonjour,\n\nJ'ai des photos de toi.\n\nPaye ici : https://pay.example.net/invoice/77 ou " +
        'clique [https://example.net/other]',
    );
    expect(message.text).not.toMatch(/tracker|alert/);
    expect(message.links).toEqual([
      'https://pay.example.net/invoice/77',
      'https://example.net/other',
    ]);
    expect(message.time.instant).toBe('2024-03-13T06:59:59.000Z');
    expect(conversation.header.metadata).toMatchObject({
      bodies: 'html (shown as text, not rendered)',
      spf: 'softfail (smtp.mailfrom=out.example.net)',
      dkim: 'fail (header.d=example.net)',
      dmarc: 'none',
    });
    expect(conversation.header.notes.map((note) => renderText('en', note))).toContain(
      'The HTML body is shown as text: it was never rendered and no remote content was fetched.',
    );
  });

  it('keeps the text body as the message and the HTML one, as text, in the metadata', async () => {
    const { conversation, message } = await parseOne('alternative.eml');
    expect(conversation.header.title).toBe('Dernière chance');
    expect(message.text).toBe('Dernière chance avant publication.');
    expect(message.links).toEqual(['https://pay.example.net/77']);
    expect(conversation.header.metadata).toMatchObject({
      bodies: 'text, html (shown as text, not rendered)',
      htmlAsText: 'Dernière chance avant publication.\n\npayer [https://pay.example.net/77]',
    });
  });

  it('lists attachments (inline image too) with name, MIME, size and SHA-256', async () => {
    const { conversation, message } = await parseOne('attachments.eml');
    const raw = fixture('attachments.eml').toString();
    const decoded = (after: string) =>
      Buffer.from(raw.split(after)[1]!.split('\r\n\r\n')[1]!.split('--')[0]!, 'base64');
    const png = decoded('filename="capture.png"');
    const pdf = decoded('filename="facture.pdf"');
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(pdf.toString()).toMatch(/^%PDF-1\.4/);
    expect(message.attachments).toEqual([
      {
        name: 'capture.png',
        kind: 'image',
        mime: 'image/png',
        size: png.length,
        sha256: sha256(png),
        embedded: { entryPath: 'attachments.eml', ref: 'attachment:0' },
      },
      {
        name: 'facture.pdf',
        kind: 'document',
        mime: 'application/pdf',
        size: pdf.length,
        sha256: sha256(pdf),
        embedded: { entryPath: 'attachments.eml', ref: 'attachment:1' },
      },
    ]);
    expect(message.text).toBe('Regarde le document. Tu as 24 h.');
    const source = createMemorySource({ 'attachments.eml': fixture('attachments.eml') }, 'file');
    const stream = await emailFormat.openEmbedded!(source, message.attachments[1]!.embedded!);
    expect(sha256(Buffer.concat(await stream.toArray()))).toBe(sha256(pdf));
    await expect(
      emailFormat.openEmbedded!(source, { entryPath: 'attachments.eml', ref: 'attachment:9' }),
    ).rejects.toThrow(/no attachment "attachment:9"/);
    expect(conversation.header.participants).toEqual([
      { name: 'Inconnu 77', id: 'inconnu77@example.net' },
      { name: 'Léa', id: 'lea.martin@example.org' },
      { name: 'Sam Durand', id: 'sam.durand@example.org' },
    ]);
  });

  it('reads several Authentication-Results headers and verdicts in any order', async () => {
    const { metadata } = (await parseOne('attachments.eml')).conversation.header;
    expect(metadata).toMatchObject({
      dkim: 'pass (header.d=example.net header.s=s1)',
      spf: 'pass (smtp.mailfrom=example.net)',
      dmarc: 'pass (header.from=example.net)',
      arc: 'none',
      'authenticationResults.2': 'relay.example.org; arc=none',
      'received.2': 'by mail.example.net with HTTP; Thu, 14 Mar 2024 09:00:00 +0000',
    });
  });

  it('dates a message without Date by the recipient server, and says so', async () => {
    const { conversation, message } = await parseOne('no-date.eml');
    expect(message.time).toEqual({ instant: '2024-03-15T22:30:00.000Z', precision: 'second' });
    expect(conversation.header.inferences).toMatchObject([
      {
        kind: 'other',
        decision: 'the message is dated by the first Received line (the recipient server)',
        reason: 'it has no Date header',
      },
    ]);
    expect(conversation.header.notes.map((note) => renderText('en', note)).join(' ')).toMatch(
      /no Authentication-Results header/,
    );
  });

  it('a folder of e-mails gives one conversation each, filtered by file or subject', async () => {
    const source = createMemorySource({
      'mails/threat.eml': fixture('spoofed-spam.eml'),
      'mails/second.eml': fixture('attachments.eml'),
      'mails/readme.txt': 'notes',
    });
    const all = await emailFormat.parse(source, options);
    expect(all.map((c) => c.header.metadata.file)).toEqual([
      'mails/threat.eml',
      'mails/second.eml',
    ]);
    expect(all[0]?.header.unreferencedFiles).toEqual(['mails/readme.txt']);
    const some = await emailFormat.parse(source, {
      ...options,
      threads: ['second.eml', 'Tu as un problème'],
    });
    expect(some).toHaveLength(2);
    const one = await emailFormat.parse(source, { ...options, threads: ['threat.eml'] });
    expect(one.map((c) => c.header.title)).toEqual(['Tu as un problème']);
  });
});

describe('e-mail: header parsing', () => {
  it('parses a Received line with comments and folded lines', () => {
    expect(
      parseReceived(
        'Received: from a.example.net (HELO x) ([192.0.2.1])\r\n\tby b.example.org (8.15/8.15) with SMTP id X1\r\n' +
          '\tfor <x@example.org>; 1 Apr 2024 10:00:00 +0200',
      ),
    ).toEqual({
      raw: 'from a.example.net (HELO x) ([192.0.2.1]) by b.example.org (8.15/8.15) with SMTP id X1 for <x@example.org>; 1 Apr 2024 10:00:00 +0200',
      from: 'a.example.net',
      by: 'b.example.org',
      with: 'SMTP',
      for: 'x@example.org',
      at: '2024-04-01T08:00:00.000Z',
    });
  });

  it('parses Authentication-Results, comments removed from the verdicts', () => {
    expect(
      parseAuthenticationResults(
        'Authentication-Results: mx.example.org (amavis); dkim=pass (1024-bit key) header.d=example.net; spf=none',
      ).verdicts,
    ).toEqual([
      { method: 'dkim', result: 'pass', details: 'header.d=example.net' },
      { method: 'spf', result: 'none', details: '' },
    ]);
  });
});

describe('e-mail: malformed input', () => {
  it('not an e-mail', async () => {
    const error = await parseError('not-an-email.eml');
    expect(error.message).toMatch(
      /"not-an-email\.eml" is not an e-mail.*Save the message itself as \.eml/,
    );
  });

  it('an Outlook .msg', async () => {
    const error = await parseError('outlook.msg');
    expect(error.message).toMatch(/"outlook\.msg" is an Outlook \.msg file/);
  });

  it('an e-mail re-saved as UTF-16', async () => {
    const error = await parseError('utf16.eml');
    expect(error.message).toMatch(/"utf16\.eml" is UTF-16 text/);
  });

  it('a mailbox (mbox)', async () => {
    const mbox = Buffer.concat([
      Buffer.from('From MAILER-DAEMON Tue Mar 12 21:41:10 2024\r\n'),
      fixture('no-date.eml'),
    ]);
    const error = await parseError('Takeout.mbox', mbox);
    expect(error.message).toMatch(/is a mailbox \(mbox\)/);
  });

  it('a folder without e-mail', async () => {
    const source = createMemorySource({ 'a.txt': 'x', 'b.txt': 'y' });
    await expect(emailFormat.parse(source, options)).rejects.toThrow(
      /holds no e-mail \(\.eml file\)/,
    );
  });
});

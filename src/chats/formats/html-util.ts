/**
 * Helpers for the HTML chat exports (Meta "Download your information" as HTML, Telegram Desktop
 * HTML). The HTML is parsed by htmlparser2 into a tree, never matched with regular expressions:
 * the offender wrote part of it, and a forgiving parser also reads a file cut short.
 */
import { createRequire } from 'node:module';
import type { ChildNode, Element } from 'domhandler';
import { EvidenceError } from '../../model/errors.js';
import type { ExportSource } from '../export-source.js';

export type { Element };

/**
 * htmlparser2, required at the first HTML parsed (about 0.08 s to load): every add detects
 * formats, and only an HTML page gets that far. Required, not imported, so that the detection
 * stays synchronous.
 */
let htmlparser2: typeof import('htmlparser2') | undefined;

function loadHtmlParser(): typeof import('htmlparser2') {
  htmlparser2 ??= createRequire(import.meta.url)('htmlparser2') as typeof import('htmlparser2');
  return htmlparser2;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface HtmlPage {
  readonly roots: Element[];
  /** False when the file stops before `</html>`: it was cut short. */
  readonly isComplete: boolean;
}

/** Parses an export's HTML file (UTF-8, as both apps write it) into element trees. */
export async function readHtmlEntry(source: ExportSource, path: string): Promise<HtmlPage> {
  const bytes = await source.read(path);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch (cause) {
    throw new EvidenceError(
      { code: 'error.chats.formats.htmlUtil.utfHtmlSo', params: { path, origin: source.origin } },
      { cause },
    );
  }
  return { roots: parseHtml(text), isComplete: /<\/html>\s*$/i.test(text) };
}

/** What to tell the reader about a page that stops before its end. */
export function describeCut(file: string): { kind: 'other'; decision: string; reason: string } {
  return {
    kind: 'other',
    decision: `messages of '${file}' read up to where the file stops`,
    reason: `'${file}' ends before </html>: it was cut short (an interrupted download or copy), so messages after the cut are missing; the complete file may hold more`,
  };
}

/** Parses HTML text (a BOM is dropped) and returns the top-level elements. */
export function parseHtml(text: string): Element[] {
  const document = loadHtmlParser().parseDocument(text.replace(/^\uFEFF/, ''), {
    decodeEntities: true,
  });
  return document.children.filter(isElement);
}

export function isElement(node: ChildNode): node is Element {
  return loadHtmlParser().DomUtils.isTag(node);
}

/** Element children of an element, in order. */
export function childElements(element: Element): Element[] {
  return element.children.filter(isElement);
}

/** Every element under the roots (roots included) that passes the test, in document order. */
export function findElements(roots: readonly Element[], test: (e: Element) => boolean): Element[] {
  return loadHtmlParser()
    .DomUtils.filter((node) => isElement(node) && test(node), [...roots], true)
    .filter(isElement);
}

export function hasClass(element: Element, name: string): boolean {
  return (element.attribs.class ?? '').split(/\s+/).includes(name);
}

/** The first descendant (not the element itself) carrying all these classes. */
export function findByClass(element: Element, ...names: string[]): Element | undefined {
  return findElements(childElements(element), (e) => names.every((n) => hasClass(e, n)))[0];
}

const blockTags = new Set(['div', 'p', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'ul', 'table']);

/**
 * The visible text of an element: line breaks for `<br>` and block elements, runs of spaces
 * collapsed, `skip` elements left out (reaction lists, Telegram reply links…).
 */
export function textOf(element: Element, skip: (e: Element) => boolean = () => false): string {
  const parts: string[] = [];
  const walk = (node: ChildNode): void => {
    if (node.type === 'text') {
      parts.push(node.data.replace(/[ \t\r\n]+/g, ' '));
      return;
    }
    if (!isElement(node) || skip(node)) return;
    if (node.name === 'script' || node.name === 'style') return;
    const isBlock = blockTags.has(node.name);
    if (isBlock) parts.push('\n');
    for (const child of node.children) walk(child);
    if (isBlock) parts.push('\n');
  };
  for (const child of element.children) walk(child);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** `src`/`href` of the media elements under an element (img, video, audio, source, a). */
export function mediaReferences(element: Element): { ref: string; tag: string }[] {
  const found: { ref: string; tag: string }[] = [];
  for (const e of findElements(childElements(element), (x) =>
    ['img', 'video', 'audio', 'source', 'a'].includes(x.name),
  )) {
    const ref = e.name === 'a' ? e.attribs.href : e.attribs.src;
    if (ref && !found.some((f) => f.ref === ref)) found.push({ ref, tag: e.name });
  }
  return found;
}

// Parser for the plain-text archive format newsrooms deliver stories in:
//
//   Headline
//   Headline                     (optional repeat, dropped)
//   Body paragraph…              (blank-line separated, may be hard-wrapped)
//   PHOTO CAPTION                (optional block: captions, then an optional source line)
//   Caption…, March 14, 2014
//   Source
//   Related Articles             (optional block: one related headline per line)
//   Other story headline
//
// Only `body` is HTML; headline, captions, source and related headlines are plain text.
// Anything the parser cannot make sense of throws StoryParseError rather than returning
// a partial story.

import { MAX_BODY_BYTES, MAX_HEADLINE_CHARS } from '../../lib/limits.js';
import { extractPlaceAndDate, findTrailingDate } from './caption-place-date.js';

export interface ParsedCaption {
  text: string;
  location?: string;
  /** The caption's date, YYYY-MM-DD. */
  takenOn?: string;
}

export interface ParsedStory {
  headline: string;
  /** HTML: one `<p>…</p>` per paragraph, joined with "\n". */
  body: string;
  captions: ParsedCaption[];
  source?: string;
  relatedHeadlines: string[];
}

export class StoryParseError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(`Cannot parse story: ${reason}`);
    this.name = 'StoryParseError';
    this.reason = reason;
  }
}

const MAX_SOURCE_CHARS = 60;

type Section = 'body' | 'captions' | 'related';
type Paragraph = string[];

interface Sections {
  body: Paragraph[];
  captions: Paragraph[];
  related: string[];
}

// C0 control characters other than tab, LF, VT, FF and CR only occur in binary data.
const BINARY_CHARS = /[\u0000-\u0008\u000E-\u001F]/;
const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/;
const MARKER_WORDS = /photo\s+captions?|related\s+(?:articles?|stories)/gi;
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function trimPunctuation(text: string): string {
  const chars = [...text];
  const isEdge = (ch: string | undefined) => ch !== undefined && /[\s\p{P}]/u.test(ch);
  let start = 0;
  let end = chars.length;
  while (start < end && isEdge(chars[start])) start += 1;
  while (end > start && isEdge(chars[end - 1])) end -= 1;
  return chars.slice(start, end).join('');
}

/** Normalised key for matching a related headline to a story's headline. */
export function headlineKey(headline: string): string {
  const key = headline
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ');
  return trimPunctuation(key);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

// True for a line made only of block markers, e.g. "PHOTO CAPTION Related Articles:".
function isOnlyMarkers(line: string): boolean {
  const rest = line.replace(MARKER_WORDS, '');
  return rest !== line && /^[\s:]*$/.test(rest);
}

function markerSection(line: string): Section | undefined {
  const key = line.replace(/\s+/g, ' ').replace(/\s*:$/, '').toLowerCase();
  if (/^photo captions?$/.test(key)) return 'captions';
  if (/^related (?:articles?|stories)$/.test(key)) return 'related';
  return undefined;
}

function toLines(text: string): string[] {
  if (typeof text !== 'string') throw new StoryParseError('input is not a string');
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (content.length === 0) throw new StoryParseError('file is empty');
  if (BINARY_CHARS.test(content)) {
    throw new StoryParseError('file contains NUL or other control bytes; it looks binary, not text');
  }
  if (content.trim() === '') throw new StoryParseError('file contains only whitespace');
  return content.split(LINE_BREAK).map((line) => line.trim());
}

function checkHeadline(headline: string, lines: readonly string[]): void {
  if (isOnlyMarkers(headline)) {
    const onlyMarkers = lines.every((line) => line === '' || isOnlyMarkers(line));
    throw new StoryParseError(
      onlyMarkers
        ? 'file contains only block markers (PHOTO CAPTION / Related Articles), no headline or body'
        : `first line is the block marker "${headline}"; expected the headline`,
    );
  }
  const length = [...headline].length;
  if (length > MAX_HEADLINE_CHARS) {
    throw new StoryParseError(
      `headline (first line) is ${length} characters long, more than ${MAX_HEADLINE_CHARS}; ` +
        'is the file missing its headline line?',
    );
  }
}

/** Lines after the headline, without the headline's repeat on the next non-blank line. */
function afterHeadline(lines: readonly string[], headlineIndex: number, headline: string): string[] {
  const rest = lines.slice(headlineIndex + 1);
  const next = rest.findIndex((line) => line !== '');
  if (next !== -1 && headlineKey(rest[next] ?? '') === headlineKey(headline)) {
    return rest.slice(next + 1);
  }
  return rest;
}

function splitSections(lines: readonly string[]): Sections {
  const sections: Sections = { body: [], captions: [], related: [] };
  let section: Section = 'body';
  let paragraph: Paragraph | undefined;
  for (const line of lines) {
    const marker = markerSection(line);
    if (marker || line === '') {
      section = marker ?? section;
      paragraph = undefined;
    } else if (section === 'related') {
      sections.related.push(line);
    } else {
      if (!paragraph) {
        paragraph = [];
        sections[section].push(paragraph);
      }
      paragraph.push(line);
    }
  }
  return sections;
}

// Only spaces and tabs are collapsed: no-break spaces and other Unicode spacing are kept.
function collapseSpaces(text: string): string {
  return text.replace(/[ \t]+/g, ' ');
}

function paragraphText(paragraph: Paragraph): string {
  return collapseSpaces(paragraph.join(' '));
}

/**
 * The source is a one-line paragraph of at most 60 characters ending in a letter, digit or ")"
 * (so not a sentence, quote or caption date). It is taken from the end of the caption block,
 * or, if there is none, from the end of the body; never when it would leave the block empty.
 */
function isSourceLine(paragraph: Paragraph): boolean {
  const line = paragraph[0] ?? '';
  return (
    paragraph.length === 1 &&
    [...line].length <= MAX_SOURCE_CHARS &&
    /[\p{L}\p{N})]$/u.test(line) &&
    findTrailingDate(line) === undefined
  );
}

function splitSource(paragraphs: Paragraph[]): { rest: Paragraph[]; source?: string } {
  const last = paragraphs.at(-1);
  if (paragraphs.length < 2 || !last || !isSourceLine(last)) return { rest: paragraphs };
  return { rest: paragraphs.slice(0, -1), source: paragraphText(last) };
}

function toCaption(paragraph: Paragraph): ParsedCaption {
  const text = paragraphText(paragraph);
  return { text, ...extractPlaceAndDate(text) };
}

function uniqueHeadlines(lines: readonly string[]): string[] {
  const seen = new Set<string>();
  const headlines: string[] = [];
  for (const line of lines) {
    const headline = collapseSpaces(line.replace(/^[-*•]\s+/, ''));
    const key = headlineKey(headline);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    headlines.push(headline);
  }
  return headlines;
}

function toBodyHtml(paragraphs: readonly Paragraph[]): string {
  if (paragraphs.length === 0) {
    throw new StoryParseError('story has a headline but no body paragraphs');
  }
  const texts = paragraphs.map(paragraphText);
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  if (bytes > MAX_BODY_BYTES) {
    throw new StoryParseError(`body is ${bytes} bytes, more than the ${MAX_BODY_BYTES}-byte limit`);
  }
  return texts.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n');
}

export function parseStory(text: string): ParsedStory {
  const lines = toLines(text);
  const headlineIndex = lines.findIndex((line) => line !== '');
  const headline = collapseSpaces(lines[headlineIndex] ?? '');
  checkHeadline(headline, lines);

  const sections = splitSections(afterHeadline(lines, headlineIndex, headline));
  const hasCaptions = sections.captions.length > 0;
  const { rest, source } = splitSource(hasCaptions ? sections.captions : sections.body);
  const bodyParagraphs = hasCaptions ? sections.body : rest;
  const captionParagraphs = hasCaptions ? rest : [];

  const story: ParsedStory = {
    headline,
    body: toBodyHtml(bodyParagraphs),
    captions: captionParagraphs.map(toCaption),
    relatedHeadlines: uniqueHeadlines(sections.related),
  };
  if (source !== undefined) story.source = source;
  return story;
}

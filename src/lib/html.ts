import { createRequire } from 'node:module';
import type { Parser as HtmlParser } from 'htmlparser2';
import type sanitizeHtmlType from 'sanitize-html';
import { z } from 'zod';
import { MAX_BODY_BYTES, MAX_BODY_MARKUP } from './limits.js';

// The HTML libraries take a good part of the start-up time and are not needed to be ready: they
// load on first use (synchronously, as zod transforms are), or earlier through preloadHtml().
const require = createRequire(import.meta.url);
let libraries: { sanitizeHtml: typeof sanitizeHtmlType; Parser: typeof HtmlParser } | undefined;
const htmlLibraries = () =>
  (libraries ??= {
    sanitizeHtml: require('sanitize-html') as typeof sanitizeHtmlType,
    Parser: (require('htmlparser2') as typeof import('htmlparser2')).Parser,
  });

/** Loads the HTML libraries now (the server calls it once listening, so no request waits for them). */
export function preloadHtml(): void {
  htmlLibraries();
}

/**
 * The news markup a story body may hold. Everything else is dropped: scripts and styles with their
 * content, event handlers, inline styles, and any URL that is not http(s), mailto or relative.
 */
const OPTIONS: sanitizeHtmlType.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'a',
    'em',
    'i',
    'strong',
    'b',
    'u',
    's',
    'sub',
    'sup',
    'small',
    'mark',
    'blockquote',
    'q',
    'cite',
    'ul',
    'ol',
    'li',
    'figure',
    'figcaption',
    'img',
    'hr',
    'abbr',
    'time',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'caption',
    'span',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    blockquote: ['cite'],
    q: ['cite'],
    abbr: ['title'],
    time: ['datetime'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed'],
};

export function sanitizeBody(body: string): string {
  return htmlLibraries().sanitizeHtml(body, OPTIONS);
}

/** How many `<` and `&` a text holds: what sanitising a body costs. */
function markupCount(html: string): number {
  let count = 0;
  for (let i = 0; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (code === 60 || code === 38) count++;
  }
  return count;
}

const MB = MAX_BODY_BYTES / (1024 * 1024);

/**
 * A story body: checked for size and markup before sanitising (which bounds its cost), sanitised,
 * and checked again, because sanitising can grow it (`&` becomes `&amp;`, unclosed tags are
 * closed): the limit holds for what is stored and served, in every revision too.
 */
export const BodyHtmlSchema = z
  .string()
  .refine((html) => Buffer.byteLength(html) <= MAX_BODY_BYTES, { message: `must be at most ${MB} MB`, abort: true })
  .refine((html) => markupCount(html) <= MAX_BODY_MARKUP, {
    message: `must hold at most ${MAX_BODY_MARKUP} tags and character references (< and &)`,
    abort: true,
  })
  .transform(sanitizeBody)
  .refine(
    (html) => Buffer.byteLength(html) <= MAX_BODY_BYTES,
    `must be at most ${MB} MB once sanitised (characters such as & and < are stored as entities, unclosed tags are closed)`,
  );

const INLINE = new Set([
  'a',
  'em',
  'i',
  'strong',
  'b',
  'u',
  's',
  'sub',
  'sup',
  'small',
  'mark',
  'q',
  'cite',
  'abbr',
  'time',
  'code',
  'span',
]);

/**
 * The readable text of (sanitised) story HTML, entities decoded, for the search index: block
 * elements become spaces so "</p><p>" never glues two words together.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  const parser = new (htmlLibraries().Parser)(
    {
      ontext: (text) => parts.push(text),
      onopentag: (name) => {
        if (!INLINE.has(name)) parts.push(' ');
      },
      onclosetag: (name) => {
        if (!INLINE.has(name)) parts.push(' ');
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts.join('').replace(/\s+/g, ' ').trim();
}

import sanitizeHtml from 'sanitize-html';
import { Parser } from 'htmlparser2';

/**
 * The news markup a story body may hold. Everything else is dropped: scripts and styles with their
 * content, event handlers, inline styles, and any URL that is not http(s), mailto or relative.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'h2', 'h3', 'h4', 'a', 'em', 'i', 'strong', 'b', 'u', 's', 'sub', 'sup', 'small', 'mark',
    'blockquote', 'q', 'cite', 'ul', 'ol', 'li', 'figure', 'figcaption', 'img', 'hr', 'abbr', 'time',
    'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'span',
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

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const INLINE = new Set(['a', 'em', 'i', 'strong', 'b', 'u', 's', 'sub', 'sup', 'small', 'mark', 'q', 'cite', 'abbr', 'time', 'code', 'span']);

/**
 * The readable text of (sanitised) story HTML, entities decoded, for the search index: block
 * elements become spaces so "</p><p>" never glues two words together.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  const parser = new Parser({
    ontext: (text) => parts.push(text),
    onopentag: (name) => { if (!INLINE.has(name)) parts.push(' '); },
    onclosetag: (name) => { if (!INLINE.has(name)) parts.push(' '); },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return parts.join('').replace(/\s+/g, ' ').trim();
}

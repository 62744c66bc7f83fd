import { XMLBuilder } from 'fast-xml-parser';

/** XML 1.0 cannot carry most control characters, nor U+FFFE/U+FFFF or a lone surrogate, which plain text may hold. */
const XML_INVALID = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlText = (text: string): string => text.replace(XML_INVALID, '');

/**
 * Every text node and attribute value passes through here, so no field can be forgotten: the builder
 * escapes `&`, `<`, `>` and both quotes in each, and what XML cannot carry is dropped first. (The
 * `feed` package left `<` unescaped in attributes, and xml-js reads a literal `&amp;` in text as `&`.)
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  indentBy: '    ',
  suppressEmptyNode: true,
  tagValueProcessor: (_name, value) => xmlText(String(value)),
  attributeValueProcessor: (_name, value) => xmlText(String(value)),
});

/** An XML document: `root` as `{ elementName: content }`, attributes as `@name`, text as `#text`. */
export function xmlDocument(root: Record<string, unknown>): string {
  return builder.build({ '?xml': { '@version': '1.0', '@encoding': 'utf-8' }, ...root });
}

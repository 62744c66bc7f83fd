// What the CLI prints to a terminal comes partly from the files it reads (names, headlines, reasons
// quoting them): an escape sequence there would reach the terminal and a newline would forge a line.

/** C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EVERY_UNPRINTABLE = new RegExp(UNPRINTABLE.source, 'g');
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

const escapeChar = (ch: string) => SHORT[ch] ?? `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`;

/** Text with every unprintable character written as a JSON-style escape (`\n`, `\u001b`). */
export function printableText(text: string): string {
  return text.replace(EVERY_UNPRINTABLE, escapeChar);
}

/**
 * A file name as is when it is plain, else as a JSON-style string literal (quoted, backslashes and
 * quotes escaped too), so that the printed form is unambiguous.
 */
export function printableName(name: string): string {
  if (!UNPRINTABLE.test(name)) return name;
  return `"${name.replace(/["\\]/g, (ch) => `\\${ch}`).replace(EVERY_UNPRINTABLE, escapeChar)}"`;
}

/** Beyond C0 (which JSON.stringify escapes already): what stays raw in JSON text but not on a terminal. */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Indented JSON with every unprintable character escaped: still the same JSON, safe on a terminal. */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(RAW_IN_JSON, escapeChar);
}

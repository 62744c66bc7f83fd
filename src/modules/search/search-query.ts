import { ValidationError } from '../../lib/errors.js';

/**
 * The `q` mini-language, parsed by hand into terms built only of letters and digits, so that no
 * input can reach FTS5's or tsquery's own syntax: words must all match, "quoted words" match as a
 * phrase, word* matches a prefix (two characters at least), -word or -"a phrase" excludes.
 * Everything else (operators, brackets, colons, stray quotes) is punctuation and ignored.
 */
export interface SearchTerm {
  tokens: string[];
  prefix: boolean;
  negated: boolean;
}

export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 16;
const MIN_PREFIX = 2;
/** Each prefix expands to every indexed word it starts: a few are plenty, many are a denial of service. */
const MAX_PREFIXES = 4;

/** A word as both databases' tokenizers see one: letters and digits, with their combining marks. */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const CHUNK = /(-?)"([^"]*)("?)(\*?)|(-?)([^\s"]+)/gu;

export function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(TOKEN) ?? [];
}

const invalid = (message: string) => new ValidationError([{ path: 'querystring.q', message }]);

export function parseSearchQuery(q: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const match of q.matchAll(CHUNK)) {
    const [, phraseMinus, phrase, , phraseStar, wordMinus, word] = match;
    const text = phrase ?? word ?? '';
    const tokens = wordsOf(phrase ?? word?.replace(/\*+$/, '') ?? '');
    if (!tokens.length) continue;
    const star = phrase !== undefined ? phraseStar === '*' : /\*$/.test(text);
    const last = tokens.at(-1) as string;
    terms.push({ tokens, prefix: star && [...last].length >= MIN_PREFIX, negated: (phraseMinus ?? wordMinus) === '-' });
  }
  if (terms.length > MAX_TERMS) throw invalid(`must have at most ${MAX_TERMS} words or phrases`);
  if (terms.filter((term) => term.prefix).length > MAX_PREFIXES)
    throw invalid(`must have at most ${MAX_PREFIXES} prefix (word*) terms`);
  if (!terms.some((term) => !term.negated))
    throw invalid('must contain a letter or digit to search for (not only exclusions)');
  return terms;
}

/** An FTS5 MATCH expression: every token double-quoted, so only our own operators remain. */
export function toFts5(terms: SearchTerm[]): string {
  const phrase = (t: SearchTerm) => `"${t.tokens.join(' ')}"${t.prefix ? '*' : ''}`;
  const wanted = terms
    .filter((t) => !t.negated)
    .map(phrase)
    .join(' ');
  return terms.filter((t) => t.negated).reduce((expr, t) => `${expr} NOT ${phrase(t)}`, `(${wanted})`);
}

/** A to_tsquery() text: every token single-quoted (tokens hold no quotes), phrases with <->. */
export function toTsquery(terms: SearchTerm[]): string {
  const phrase = (t: SearchTerm) => {
    const body = t.tokens
      .map((token, i) => `'${token}'${t.prefix && i === t.tokens.length - 1 ? ':*' : ''}`)
      .join(' <-> ');
    return t.negated ? `!(${body})` : `(${body})`;
  };
  return terms.map(phrase).join(' & ');
}

import { describe, expect, it } from 'vitest';
import { parseSearchQuery, toFts5, toTsquery } from '../src/modules/search/search-query.js';

const both = (q: string) => {
  const terms = parseSearchQuery(q);
  return { fts5: toFts5(terms), tsquery: toTsquery(terms) };
};

describe('the q parser', () => {
  it('turns words, phrases, prefixes and exclusions into quoted engine syntax', () => {
    expect(both('Crimea vote')).toEqual({ fts5: '("Crimea" "vote")', tsquery: "('Crimea') & ('vote')" });
    expect(both('"foreign ministers" talk*')).toEqual({
      fts5: '("foreign ministers" "talk"*)',
      tsquery: "('foreign' <-> 'ministers') & ('talk':*)",
    });
    expect(both('crimea -"record crowds" -festival')).toEqual({
      fts5: '("crimea") NOT "record crowds" NOT "festival"',
      tsquery: "('crimea') & !('record' <-> 'crowds') & !('festival')",
    });
    expect(both('US-Russia')).toEqual({ fts5: '("US Russia")', tsquery: "('US' <-> 'Russia')" });
  });

  it('keeps only letters and digits, so engine operators are plain words or nothing', () => {
    expect(both('NEAR(a b) OR col:x')).toEqual({
      fts5: '("NEAR a" "b" "OR" "col x")',
      tsquery: "('NEAR' <-> 'a') & ('b') & ('OR') & ('col' <-> 'x')",
    });
    expect(both("it's \\ {x} ^y")).toEqual({ fts5: '("it s" "x" "y")', tsquery: "('it' <-> 's') & ('x') & ('y')" });
  });

  it('needs two characters for a prefix', () => {
    expect(both('a* ab*').fts5).toBe('("a" "ab"*)');
  });

  it('refuses queries with nothing to look for, or too many terms', () => {
    for (const q of ['***', '"', '-crimea', '-- !!', '']) expect(() => parseSearchQuery(q)).toThrow(/letter or digit/);
    expect(() => parseSearchQuery('w '.repeat(17))).toThrow(/at most 16/);
    expect(() => parseSearchQuery('ab* cd* ef* gh* ij*')).toThrow(/at most 4 prefix/);
    expect(parseSearchQuery('ab* cd* ef* gh* i*')).toHaveLength(5);
  });

  it('keeps non-Latin words whole, with their combining marks', () => {
    expect(both('Лондоне 北京* ελληνικά').fts5).toBe('("Лондоне" "北京"* "ελληνικά")');
    expect(both('cafe\u0301').fts5).toBe('("café")');
  });
});

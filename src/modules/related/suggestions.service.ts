import type { Database } from '../../db/client.js';
import type { Viewer } from '../../lib/access.js';
import { htmlToText } from '../../lib/html.js';
import { findSummaries, requireArticle, summaryView } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import { wordsOf } from '../search/search-query.js';
import {
  countDocuments,
  documentFrequencies,
  storiesSharing,
  type WeightedTerm,
} from '../search/suggestions.repository.js';
import type { RelatedSuggestion } from './suggestions.schemas.js';

const CANDIDATES = 60;
const DISTINCTIVE = 12;
/**
 * A word in more stories than this says little about any of them, and would be slow to score:
 * 2% of the archive, but never under 200 or over 5,000 stories.
 */
const maxDocumentFrequency = (total: number) => Math.max(200, Math.min(5000, Math.floor(total / 50)));
const FIELD_WEIGHT = { headline: 3, summary: 2, captions: 1, body: 1 } as const;

/** How both databases fold a word: case and diacritics removed. */
const fold = (word: string) => word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const meaningful = (word: string) => [...word].length >= 3 && !/^\p{N}+$/u.test(word);

/**
 * "More like this": the story's most distinctive words (frequent in it, rare in the archive:
 * tf-idf), then the published stories that share the most of their weight.
 */
export class RelatedSuggestionsService {
  constructor(
    private readonly database: Pick<Database, 'prisma' | 'dialect'>,
    private readonly now: () => Date,
  ) {}

  /** The suggestions for a story the viewer may see, and the story. */
  async suggest(
    articleId: string,
    viewer: Viewer,
    limit: number,
  ): Promise<{ article: Article; data: RelatedSuggestion[] }> {
    const article = await requireArticle(this.database.prisma, articleId, viewer, this.now());
    return { article, data: await this.similarTo(article, viewer, limit) };
  }

  private async similarTo(article: Article, viewer: Viewer, limit: number): Promise<RelatedSuggestion[]> {
    const { prisma, dialect } = this.database;
    const articleId = article.id;
    const now = this.now();
    const terms = await this.distinctiveTerms(article);
    if (!terms.length) return [];
    const hits = await storiesSharing(prisma, dialect, terms, { articleId, viewer, now }, limit);
    const summaries = new Map(
      (
        await findSummaries(
          prisma,
          hits.map((hit) => hit.id),
        )
      ).map((s) => [s.id, s]),
    );
    return hits.flatMap((hit) => {
      const summary = summaries.get(hit.id);
      if (!summary) return [];
      return [
        {
          ...summaryView(summary, viewer),
          score: hit.score,
          matchedTerms: hit.terms.map((i) => terms[i]?.term ?? '').filter(Boolean),
        },
      ];
    });
  }

  private async distinctiveTerms(article: Article): Promise<WeightedTerm[]> {
    const counts = new Map<string, number>();
    const fields: Array<[keyof typeof FIELD_WEIGHT, string]> = [
      ['headline', article.headline],
      ['summary', article.summary ?? ''],
      ['body', htmlToText(article.body)],
      ['captions', article.captions.map((c) => c.text).join(' ')],
    ];
    for (const [field, text] of fields) {
      for (const word of wordsOf(text).map(fold).filter(meaningful))
        counts.set(word, (counts.get(word) ?? 0) + FIELD_WEIGHT[field]);
    }
    const candidates = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, CANDIDATES);
    const { prisma, dialect } = this.database;
    const total = await countDocuments(prisma);
    const cap = maxDocumentFrequency(total);
    const frequencies = await documentFrequencies(
      prisma,
      dialect,
      candidates.map(([term]) => term),
      cap,
    );
    const scored = candidates
      .flatMap(([term, tf], i) => {
        const df = frequencies[i] ?? 0;
        // df counts this story too: 1 means no other story has the word; most stories having it means it is filler.
        if (df < 2 || df > cap || (total >= 10 && df > total / 2)) return [];
        return [{ term, weight: (1 + Math.log(tf)) * Math.log(1 + total / df) }];
      })
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .slice(0, DISTINCTIVE);
    const sum = scored.reduce((acc, t) => acc + t.weight, 0);
    return scored.map((t) => ({ term: t.term, weight: t.weight / sum }));
  }
}

import { z } from 'zod';
import { RELEVANCE_CANDIDATES } from '../../lib/limits.js';
import { InstantInputSchema, LanguageSchema } from '../../lib/zod-atoms.js';
import { ArticleStatusSchema, ArticleSummarySchema, ListQuerySchema } from '../articles/articles.schemas.js';
import { MAX_QUERY_LENGTH } from '../search/search-query.js';

export const LIST_SORTS = ['-publishedAt', 'publishedAt', '-updatedAt', 'updatedAt', 'headline', 'relevance'] as const;
export const ListSortSchema = z.enum(LIST_SORTS).meta({ id: 'ArticleListSort' });

const MAX_TAG_FILTERS = 10;
const exact = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .optional()
    .meta({ description: `Only stories whose ${what} is exactly this (case-sensitive)` });

export const ArticleListQuerySchema = ListQuerySchema.extend({
  cursor: z
    .string()
    .max(500)
    .optional()
    .meta({
      description:
        'Opaque keyset cursor: the `nextCursor` of the previous page. It holds the sort position of the last story ' +
        'served and is valid only with the same filters and sort (otherwise 400). Pages cost the same at any depth; stories ' +
        'inserted or edited between pages never make a page repeat or skip a story that kept its place.',
    }),
  status: ArticleStatusSchema.optional().meta({
    description: 'Only stories in this workflow state. Editor and admin keys only (400 otherwise).',
  }),
  section: exact(100, 'section'),
  tag: z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z.array(z.string().trim().min(1).max(64)).min(1).max(MAX_TAG_FILTERS),
    )
    .optional()
    .meta({
      description: `Repeatable (\`tag=a&tag=b\`, at most ${MAX_TAG_FILTERS}): only stories carrying every one of these tags (exact, case-sensitive)`,
    }),
  source: exact(200, 'source'),
  language: LanguageSchema.optional().meta({
    description: 'Only stories in this language (a BCP 47 tag, compared in canonical form: `pt-br` finds `pt-BR`)',
  }),
  publishedAfter: InstantInputSchema.optional().meta({
    description:
      'Only stories with `publishedAt` at or after this instant (inclusive); never-published stories are left out',
  }),
  publishedBefore: InstantInputSchema.optional().meta({
    description: 'Only stories with `publishedAt` strictly before this instant, so consecutive windows never overlap',
  }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(MAX_QUERY_LENGTH)
    .optional()
    .meta({
      description:
        'Full-text search over headline, summary, body text and caption text. Every word must match ' +
        '(case and accents ignored, no stemming); "quoted words" match as a phrase; `word*` matches a prefix of at least ' +
        'two characters; `-word` or `-"a phrase"` excludes. Other punctuation is ignored. Each item then carries a ' +
        'highlighted `snippet` and a `score`.',
      example: 'crimea "foreign ministers" talk*',
    }),
  sort: ListSortSchema.default('-publishedAt').meta({
    description:
      'Order of the list; every order ends with the id as a tie-breaker, so it is total and stable. ' +
      '`-publishedAt` (default): newest publication first; `publishedAt`: oldest first; stories never published come ' +
      'last in both, newest created first. `-updatedAt` / `updatedAt`: by last change. `headline`: A to Z, ignoring ' +
      'ASCII letter case, then by code point. `relevance` (needs `q`): best match first, among the ' +
      `${RELEVANCE_CANDIDATES.toLocaleString('en')} matches that come first by date (newest published first); the list ends there, ` +
      'and the date and headline sorts reach every match.',
  }),
})
  .superRefine((query, ctx) => {
    if (query.sort === 'relevance' && query.q === undefined) {
      ctx.addIssue({ code: 'custom', path: ['sort'], message: 'relevance needs a search: pass q too' });
    }
    if (query.publishedAfter && query.publishedBefore && query.publishedBefore <= query.publishedAfter) {
      ctx.addIssue({ code: 'custom', path: ['publishedBefore'], message: 'must be later than publishedAfter' });
    }
  })
  .meta({
    description:
      'Pagination is by keyset: pass `nextCursor` back as `cursor` with the same filters and sort (a cursor ' +
      'used with others is a 400). A page costs the same however deep it is, and stories inserted or changed meanwhile ' +
      'never make a page skip or repeat a story that stays in place.',
  });

export const ArticleListItemSchema = ArticleSummarySchema.extend({
  snippet: z.string().optional().meta({
    description:
      'With `q`: a short extract of the best-matching field, HTML-escaped, with matches wrapped in <mark>…</mark>',
    example: 'US-Russia talks fail as <mark>Crimea</mark> vote looms',
  }),
  score: z
    .number()
    .optional()
    .meta({ description: 'With `q`: how well the story matches (higher is better; comparable within one query only)' }),
}).meta({ id: 'ArticleListItem' });

export const ArticleListSchema = z
  .object({
    data: z.array(ArticleListItemSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` (with the same filters and sort) for the next page; null on the last' }),
  })
  .meta({ id: 'ArticleList' });

export type ArticleListQuery = z.infer<typeof ArticleListQuerySchema>;
export type ArticleList = z.infer<typeof ArticleListSchema>;
export type ListSort = z.infer<typeof ListSortSchema>;

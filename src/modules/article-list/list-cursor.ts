import { createHash } from 'node:crypto';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { ValidationError } from '../../lib/errors.js';
import { MAX_HEADLINE_CHARS } from '../../lib/limits.js';
import { IdSchema, InstantInputSchema } from '../../lib/zod-atoms.js';
import { type ArticleListQuery, type ListSort, ListSortSchema } from './article-list.schemas.js';

/** Where a page ends: the sort value of its last story (null: never published) and that story's id. */
export interface ListPosition {
  key: string | number | null;
  id: string;
}

interface Payload extends Record<string, string | number> {
  s: string;
  f: string;
  i: string;
}

/** An instant both databases can store, kept as the string the cursor carries. */
const instantKey = z
  .string()
  .max(30)
  .refine((value) => InstantInputSchema.safeParse(value).success);

/** The sort key each sort puts in a cursor, checked with the atoms of the field it stands for. */
const KEY_SCHEMAS: Record<ListSort, z.ZodType> = {
  '-publishedAt': instantKey.optional(),
  publishedAt: instantKey.optional(),
  '-updatedAt': instantKey,
  updatedAt: instantKey,
  headline: z.string().max(MAX_HEADLINE_CHARS),
  relevance: z.number().finite(),
};

const PayloadSchema = z
  .strictObject({
    s: ListSortSchema,
    f: z.string().max(64),
    i: IdSchema,
    k: z.union([z.string(), z.number()]).optional(),
  })
  .refine((payload) => KEY_SCHEMAS[payload.s].safeParse(payload.k).success);

/** A cursor belongs to one list: its sort and a fingerprint of its filters travel inside it. */
function fingerprint(query: ArticleListQuery): string {
  const filters = [
    query.status,
    query.section,
    query.tag ? [...query.tag].sort() : undefined,
    query.source,
    query.language,
    query.publishedAfter?.toISOString(),
    query.publishedBefore?.toISOString(),
    query.q,
  ];
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 16);
}

export function encodeListCursor(query: ArticleListQuery, position: ListPosition): string {
  const payload: Payload = { s: query.sort, f: fingerprint(query), i: position.id };
  // A never-published story's position has no key: `k` is left out rather than null.
  if (position.key !== null) payload.k = position.key;
  return encodeCursor(payload);
}

export function decodeListCursor(query: ArticleListQuery, cursor: string): ListPosition {
  const payload = decodeCursor(cursor, PayloadSchema);
  if (payload.s !== query.sort || payload.f !== fingerprint(query)) {
    throw new ValidationError([
      {
        path: 'querystring.cursor',
        message:
          'belongs to a list with other filters or another sort: send the same ones, or start again without a cursor',
      },
    ]);
  }
  return { key: payload.k ?? null, id: payload.i };
}

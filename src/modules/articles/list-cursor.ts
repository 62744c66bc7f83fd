import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { ValidationError } from '../../lib/errors.js';
import type { ArticleListQuery, ListSort } from './article-list.schemas.js';

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

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isInstant = (v: unknown) => typeof v === 'string' && v.length <= 30 && !Number.isNaN(Date.parse(v));

const KEY_CHECKS: Record<ListSort, (key: unknown) => boolean> = {
  '-publishedAt': (k) => k === undefined || isInstant(k),
  publishedAt: (k) => k === undefined || isInstant(k),
  '-updatedAt': isInstant,
  updatedAt: isInstant,
  headline: (k) => typeof k === 'string' && k.length <= 300,
  relevance: (k) => typeof k === 'number' && Number.isFinite(k),
};

/** A cursor belongs to one list: its sort and a fingerprint of its filters travel inside it. */
function fingerprint(query: ArticleListQuery): string {
  const filters = [
    query.status, query.section, query.tag ? [...query.tag].sort() : undefined, query.source, query.language,
    query.publishedAfter?.toISOString(), query.publishedBefore?.toISOString(), query.q,
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
  const payload = decodeCursor(cursor, (v): v is Payload & { k?: string | number } => {
    const p = v as Partial<Payload> & { k?: unknown };
    return typeof p === 'object' && p !== null && typeof p.s === 'string' && typeof p.f === 'string' &&
      typeof p.i === 'string' && ID.test(p.i) && (p.s in KEY_CHECKS) && KEY_CHECKS[p.s as ListSort](p.k);
  });
  if (payload.s !== query.sort || payload.f !== fingerprint(query)) {
    throw new ValidationError([{
      path: 'querystring.cursor',
      message: 'belongs to a list with other filters or another sort: send the same ones, or start again without a cursor',
    }]);
  }
  return { key: payload.k ?? null, id: payload.i };
}

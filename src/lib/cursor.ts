import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** Opaque keyset cursor: base64url JSON of the sort key of the last row served. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A cursor is input like any other: its decoded content is checked with the same atoms as the
 * fields it stands for (instants, ids, versions), so a crafted one is a 400, never a database error.
 */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Same path form as zod's query-string errors (`querystring.limit`): cursors always travel in the query.
  throw new ValidationError([{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }]);
}

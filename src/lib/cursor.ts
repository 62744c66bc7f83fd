import { z } from 'zod';
import { ValidationError } from './errors.js';
import { findUnsafeText } from './unsafe-text.js';
import { MAX_DB_INT } from './zod-atoms.js';

/** Opaque keyset cursor: base64url JSON of the sort key of the last row served. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A cursor is input like any other: its decoded content is checked with the same atoms as the
 * fields it stands for (instants, ids, versions), and for text no database can store, so a crafted
 * one is a 400, never a database error.
 */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = findUnsafeText(value, '') ? undefined : schema.safeParse(value);
  if (parsed?.success) return parsed.data;
  // Same path form as zod's query-string errors (`querystring.limit`): cursors always travel in the query.
  throw new ValidationError([{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }]);
}

/** A position in a sequence (the change feed, a webhook's deliveries) as an opaque cursor. */
export const encodeSequenceCursor = (sequence: number): string => encodeCursor({ s: sequence });

const SequenceCursorSchema = z.strictObject({ s: z.number().int().min(0).max(MAX_DB_INT) });

export function decodeSequenceCursor(cursor: string): number {
  return decodeCursor(cursor, SequenceCursorSchema).s;
}

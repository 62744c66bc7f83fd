import { ValidationError } from './errors.js';

/** Opaque keyset cursor: base64url JSON of the sort key of the last row served. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string,
  isValid: (value: unknown) => value is T,
): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through to the validation error
  }
  // Same path form as zod's query-string errors (`querystring.limit`): cursors always travel in the query.
  throw new ValidationError([{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }]);
}

/** A position in a sequence (the change feed, a webhook's deliveries) as an opaque cursor. */
export const encodeSequenceCursor = (sequence: number): string => encodeCursor({ s: sequence });

export function decodeSequenceCursor(cursor: string): number {
  const isSequence = (v: unknown): v is { s: number } => {
    const s = (v as { s?: unknown } | null)?.s;
    return typeof s === 'number' && Number.isSafeInteger(s) && s >= 0;
  };
  return decodeCursor(cursor, isSequence).s;
}

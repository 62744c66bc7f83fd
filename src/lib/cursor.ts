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

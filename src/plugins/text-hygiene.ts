import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError, type FieldError } from '../lib/errors.js';

/** NUL, or a UTF-16 surrogate without its pair: Postgres cannot store either in text. */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MESSAGE = 'must be well-formed Unicode text without NUL characters';

/** Deeper input is no real request; refusing it keeps later recursive code (JSON.stringify) safe. */
const MAX_DEPTH = 64;

/**
 * The first string (value or key) in a parsed input that the database could not store as text, or
 * the first place nested deeper than MAX_DEPTH. Iterative, so hostile nesting cannot overflow the stack.
 */
export function findUnsafeText(input: unknown, root: string): FieldError | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: root, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      if (UNSAFE.test(value)) return { path, message: MESSAGE };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return { path, message: `is nested more than ${MAX_DEPTH} levels deep` };
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (UNSAFE.test(key)) return { path: at, message: `has a key that ${MESSAGE}` };
      pending.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Refuses such text anywhere in a request's path, query or body with a 400 before any route sees
 * it, so no text field on any endpoint can turn into a database error on Postgres.
 */
export const textHygienePlugin = fp(async function textHygienePlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const found = findUnsafeText(request.params, 'params') ?? findUnsafeText(request.query, 'query') ?? findUnsafeText(request.body, '');
    if (found) throw new ValidationError([found]);
  });
});

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError } from '../lib/errors.js';
import { findUnsafeText } from '../lib/unsafe-text.js';

/**
 * Refuses such text anywhere in a request's path, query or body with a 400 before any route sees
 * it, so no text field on any endpoint can turn into a database error on Postgres.
 */
export const textHygienePlugin = fp(async function textHygienePlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const found =
      findUnsafeText(request.params, 'params') ??
      findUnsafeText(request.query, 'query') ??
      findUnsafeText(request.body, '');
    if (found) throw new ValidationError([found]);
  });
});

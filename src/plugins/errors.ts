import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/client.js';
import { AppError, ServiceUnavailableError, type FieldError } from '../lib/errors.js';
import { ERROR_CODES, type ErrorCode } from '../lib/error-codes.js';
import { PROBLEM_CONTENT_TYPE, problemType } from '../lib/problem.js';

/** Fields the server owns: naming them in a body is an error that says so. */
const READ_ONLY_FIELDS = new Set([
  'id', 'articleId', 'createdAt', 'updatedAt', 'version', 'status', 'etag', 'captions', 'related',
  'publishedAt', 'firstPublishedAt', 'deletedAt', 'corrections', 'position',
]);

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

/** Other errors of the HTTP layer that carry a client status, by that status. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = { 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'RATE_LIMITED' };

/** Sends the problem document of a catalogued code: status, title and type come from the catalogue. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  const { status, title } = ERROR_CODES[code];
  const body = { type: problemType(code), title, status, detail, instance: `urn:uuid:${request.id}`, code, ...extensions };
  // A string payload skips the route's response serializer: problem bodies are never reshaped.
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

function validationErrors(error: FastifyError & { validationContext?: string }): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) {
    return [{ path: error.validationContext ?? '', message: error.message ?? 'is invalid' }];
  }
  const where = error.validationContext;
  const prefix = where === 'body' || where === undefined ? '' : `${where}.`;
  return error.validation.flatMap((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = (issue.params as { keys?: string[] }).keys;
    if (issue.keyword === 'unrecognized_keys' && keys) {
      return keys.map((key) => ({
        path: prefix + (path ? `${path}.${key}` : key),
        message: READ_ONLY_FIELDS.has(key) ? 'is read-only and set by the server' : 'is not a known field',
      }));
    }
    const message = issue.keyword === 'invalid_type' && /received undefined/.test(issue.message ?? '') ? 'is required' : issue.message ?? 'is invalid';
    return [{ path: prefix + path, message }];
  });
}

export const errorsPlugin = fp(async function errorsPlugin(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
  );

  app.setErrorHandler((rawError: FastifyError & { validationContext?: string }, request, reply) => {
    let error = rawError;
    if (!(error instanceof AppError) && isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      error = new ServiceUnavailableError() as unknown as typeof error;
    }
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendProblem(request, reply, error.code, error.message, error.extensions);
    }
    if (error.validation) {
      const errors = validationErrors(error);
      const detail = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
      return sendProblem(request, reply, 'VALIDATION_FAILED', detail, { errors });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known === 'UNSUPPORTED_MEDIA_TYPE') {
      const given = (request.headers['content-type'] ?? 'none').slice(0, 100);
      return sendProblem(request, reply, known, `Send the body as application/json (Content-Type was ${given})`);
    }
    if (known) return sendProblem(request, reply, known, error.message);
    if (error instanceof SyntaxError || error.statusCode === 400) return sendProblem(request, reply, 'BAD_REQUEST', error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, CODE_BY_STATUS[error.statusCode] ?? 'BAD_REQUEST', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'INTERNAL', 'The server failed to handle this request; it has been logged under this instance id.');
  });
});

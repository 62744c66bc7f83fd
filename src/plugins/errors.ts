import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/client.js';
import { AppError, ServiceUnavailableError, type FieldError } from '../lib/errors.js';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from '../lib/problem.js';

/** Fields the server owns: naming them in a body is an error that says so. */
const READ_ONLY_FIELDS = new Set([
  'id', 'articleId', 'createdAt', 'updatedAt', 'version', 'status', 'etag', 'captions', 'related',
  'publishedAt', 'firstPublishedAt', 'deletedAt', 'corrections', 'position',
]);

const FASTIFY_CODES: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH', title: 'Invalid request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', title: 'Malformed JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', title: 'Malformed JSON' },
};

export interface ProblemInput {
  status: number;
  code: string;
  title: string;
  detail: string;
  [extension: string]: unknown;
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemInput,
): FastifyReply {
  const body: Problem = { type: problemType(problem.code), instance: `urn:uuid:${request.id}`, ...problem };
  // A string payload skips the route's response serializer: problem bodies are never reshaped.
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
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
    sendProblem(request, reply, {
      status: 404, code: 'ROUTE_NOT_FOUND', title: 'Not found', detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  app.setErrorHandler((rawError: FastifyError & { validationContext?: string }, request, reply) => {
    let error = rawError;
    if (!(error instanceof AppError) && isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      error = new ServiceUnavailableError() as unknown as typeof error;
    }
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendProblem(request, reply, {
        status: error.status, code: error.code, title: error.title, detail: error.message, ...error.extensions,
      });
    }
    if (error.validation) {
      const errors = validationErrors(error);
      const detail = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
      return sendProblem(request, reply, { status: 400, code: 'VALIDATION_FAILED', title: 'Invalid request', detail, errors });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known?.status === 415) {
      const given = (request.headers['content-type'] ?? 'none').slice(0, 100);
      return sendProblem(request, reply, { ...known, detail: `Send the body as application/json (Content-Type was ${given})` });
    }
    if (known) return sendProblem(request, reply, { ...known, detail: error.message });
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return sendProblem(request, reply, { status: 400, code: 'BAD_REQUEST', title: 'Invalid request', detail: error.message });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, {
        status: error.statusCode, code: error.code ?? 'CLIENT_ERROR', title: 'Request refused', detail: error.message,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, {
      status: 500, code: 'INTERNAL', title: 'Internal server error', detail: 'The server failed to handle this request; it has been logged under this instance id.',
    });
  });
});

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/errors.js';
import { ERROR_CODES, type ErrorCode } from '../lib/error-codes.js';
import { AppError, type FieldError, RouteNotFoundError } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { PROBLEM_CONTENT_TYPE, problemType } from '../lib/problem.js';

/** Fields the server owns: naming them in a body is an error that says so. */
const READ_ONLY_FIELDS = new Set([
  'id',
  'articleId',
  'createdAt',
  'updatedAt',
  'version',
  'status',
  'etag',
  'captions',
  'related',
  'publishedAt',
  'firstPublishedAt',
  'deletedAt',
  'corrections',
  'position',
]);

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

/** Other errors of the HTTP layer that carry a client status, by that status. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Sends the problem document of a catalogued code: status, title and type come from the catalogue. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  // A string payload skips the route's response serializer: problem bodies are never reshaped.
  return reply
    .code(ERROR_CODES[code].status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemBody(request.id, code, detail, extensions));
}

/** The problem document of a catalogued code, as the text sent. */
export function problemBody(
  requestId: string,
  code: ErrorCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): string {
  const { status, title } = ERROR_CODES[code];
  return JSON.stringify({
    type: problemType(code),
    title,
    status,
    detail,
    instance: `urn:uuid:${requestId}`,
    code,
    ...extensions,
  });
}

/** What a 503 asks a client to wait: long enough for a restarted database or a new connection. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Longest path parameter the router takes: room for a 200-character slug, percent-encoded ids included. */
export const MAX_PARAM_LENGTH = 1000;

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or hook runs (a URL whose
 * percent-encoding is malformed, a path parameter over MAX_PARAM_LENGTH), as problem+json.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(request, reply, 'URI_TOO_LONG', `A path segment is longer than ${MAX_PARAM_LENGTH} characters.`);
  }
  return sendProblem(request, reply, 'BAD_URL', 'The URL is malformed: check its percent-encoding.');
}

const CLIENT_ERRORS: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE', 'The request headers exceed 16 KB in all.'],
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT', 'The request did not arrive in time.'],
};

/**
 * Fastify's `clientErrorHandler`: Node refuses some requests before Fastify sees them (headers over
 * Node's 16 KB, malformed HTTP); they get problem+json too, then the connection closes.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail] = CLIENT_ERRORS[error.code ?? ''] ?? ['BAD_REQUEST', 'The request is not valid HTTP/1.1.'];
  const { status } = ERROR_CODES[code];
  const id = newId();
  const body = problemBody(id, code, detail);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
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
    const message =
      issue.keyword === 'invalid_type' && /received undefined/.test(issue.message ?? '')
        ? 'is required'
        : (issue.message ?? 'is invalid');
    return [{ path: prefix + path, message }];
  });
}

export const errorsPlugin = fp(async function errorsPlugin(app: FastifyInstance) {
  app.setNotFoundHandler((request) => {
    throw new RouteNotFoundError(request.method, request.url);
  });

  app.setErrorHandler((error: FastifyError & { validationContext?: string }, request, reply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendProblem(request, reply, error.code, error.message, error.extensions);
    }
    if (error.validation) {
      // No body at all (none sent, or an empty one) where the route needs one.
      const errors =
        error.validationContext === 'body' && request.body == null
          ? [{ path: '', message: 'is required' }]
          : validationErrors(error);
      const detail = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
      return sendProblem(request, reply, 'VALIDATION_FAILED', detail, { errors });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known === 'UNSUPPORTED_MEDIA_TYPE') {
      const given = (request.headers['content-type'] ?? 'none').slice(0, 100);
      const accepted =
        (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes?.[0] ?? 'application/json';
      return sendProblem(request, reply, known, `Send the body as ${accepted} (Content-Type was ${given})`);
    }
    if (known) return sendProblem(request, reply, known, error.message);
    if (error instanceof SyntaxError || error.statusCode === 400)
      return sendProblem(request, reply, 'BAD_REQUEST', error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, CODE_BY_STATUS[error.statusCode] ?? 'BAD_REQUEST', error.message);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendProblem(
        request,
        reply,
        'DATABASE_UNAVAILABLE',
        `The database is not answering; retry in ${DATABASE_RETRY_AFTER_SECONDS} s.`,
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      'INTERNAL',
      'The server failed to handle this request; it has been logged under this instance id.',
    );
  });
});

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { newId } from '../lib/ids.js';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, RouteNotFoundError, type FieldError } from '../lib/errors.js';
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

const problemBody = (requestId: string, problem: ProblemInput): string =>
  JSON.stringify({ type: problemType(problem.code), instance: `urn:uuid:${requestId}`, ...problem } satisfies Problem);

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemInput,
): FastifyReply {
  // A string payload skips the route's response serializer: problem bodies are never reshaped.
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(request.id, problem));
}

/** Longest path parameter the router takes: room for a 200-character slug, percent-encoded ids included. */
export const MAX_PARAM_LENGTH = 1000;

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or hook runs (a URL whose
 * percent-encoding is malformed, a path parameter over MAX_PARAM_LENGTH), as problem+json.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(request, reply, {
      status: 414, code: 'URI_TOO_LONG', title: 'URI too long', detail: `A path segment is longer than ${MAX_PARAM_LENGTH} characters.`,
    });
  }
  return sendProblem(request, reply, {
    status: 400, code: 'BAD_URL', title: 'Invalid request', detail: 'The URL is malformed: check its percent-encoding.',
  });
}

const CLIENT_ERRORS: Record<string, ProblemInput> = {
  HPE_HEADER_OVERFLOW: {
    status: 431, code: 'HEADERS_TOO_LARGE', title: 'Request header fields too large', detail: 'The request headers exceed 16 KB in all.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', title: 'Request timeout', detail: 'The request did not arrive in time.' },
};

/**
 * Fastify's `clientErrorHandler`: Node refuses some requests before Fastify sees them (headers over
 * Node's 16 KB, malformed HTTP); they get problem+json too, then the connection closes.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = CLIENT_ERRORS[error.code ?? ''] ??
    { status: 400, code: 'BAD_REQUEST', title: 'Invalid request', detail: 'The request is not valid HTTP/1.1.' };
  const id = newId();
  const body = problemBody(id, problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
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
    const message = issue.keyword === 'invalid_type' && /received undefined/.test(issue.message ?? '') ? 'is required' : issue.message ?? 'is invalid';
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
      return sendProblem(request, reply, {
        status: error.status, code: error.code, title: error.title, detail: error.message, ...error.extensions,
      });
    }
    if (error.validation) {
      // No body at all (none sent, or an empty one) where the route needs one.
      const errors = error.validationContext === 'body' && request.body == null
        ? [{ path: '', message: 'is required' }]
        : validationErrors(error);
      const detail = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
      return sendProblem(request, reply, { status: 400, code: 'VALIDATION_FAILED', title: 'Invalid request', detail, errors });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known?.status === 415) {
      const given = (request.headers['content-type'] ?? 'none').slice(0, 100);
      const accepted = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes?.[0] ?? 'application/json';
      return sendProblem(request, reply, { ...known, detail: `Send the body as ${accepted} (Content-Type was ${given})` });
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

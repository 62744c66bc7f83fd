import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { DeferredCommit, withDeferredCommit } from '../db/deferred-commit.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  findStoredResponse,
  IN_FLIGHT,
  type StoredResponse,
  storeResponse,
  storeResponseAlone,
} from '../db/idempotency.repository.js';
import { ConflictError, UnprocessableError, ValidationError } from '../lib/errors.js';
import { seal, unseal } from '../lib/sealed.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accepts an Idempotency-Key header: retries replay the first successful response. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: Attempt;
  }
}

interface Attempt {
  scope: string;
  key: string;
  hash: string;
  secret: string;
  at: Date;
  unit: DeferredCommit;
}

const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

export interface IdempotencyOptions {
  prisma: Db;
  ttlHours: number;
  now: () => Date;
}

function requestHash(request: FastifyRequest): string {
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
  return createHash('sha256')
    .update(`${request.headers['content-type'] ?? ''}\n${body}`)
    .digest('hex');
}

const bearerOf = (request: FastifyRequest): string =>
  /^Bearer[ ]+(\S+)/i.exec(request.headers.authorization ?? '')?.[1] ?? '';

/**
 * Idempotent POSTs, as in the IETF Idempotency-Key draft: a retry with the same key and body gets
 * the first 2xx response again (for `ttlHours`) without running the handler; the same key with
 * another body is a 422. Crash safety: the request's writes and its stored response commit in one
 * transaction (see db/deferred-commit.ts), just before the response is sent. A process killed
 * earlier leaves neither, so a retry runs afresh; killed later, a retry replays. Two requests with
 * one key at once both run, the later one's writes are rolled back, and it answers with the first's
 * response. Stored bodies are sealed with the caller's API key, so a secret in a response (a new API
 * key) is never readable from the database.
 */
export const idempotencyPlugin = fp<IdempotencyOptions>(async function idempotencyPlugin(
  app: FastifyInstance,
  { prisma, ttlHours, now },
) {
  const lookup = (attempt: Pick<Attempt, 'scope' | 'key' | 'at'>): Promise<StoredResponse | null> =>
    findStoredResponse(prisma, attempt.scope, attempt.key, attempt.at);

  /** The stored response's body for this caller, or a 422/409 when it cannot be theirs to replay. */
  const storedBody = (attempt: Pick<Attempt, 'hash' | 'secret' | 'scope' | 'key'>, stored: StoredResponse): string => {
    if (stored.requestHash !== attempt.hash) {
      throw new UnprocessableError(
        'This Idempotency-Key was used with a different request body',
        'IDEMPOTENCY_KEY_REUSED',
      );
    }
    if (stored.status === IN_FLIGHT)
      throw new ConflictError(
        'A request with this Idempotency-Key is still being processed',
        'IDEMPOTENCY_IN_PROGRESS',
      );
    const body = unseal(stored.body, attempt.secret, `${attempt.scope}\n${attempt.key}`);
    if (body === null)
      throw new UnprocessableError('This Idempotency-Key was used with a different request', 'IDEMPOTENCY_KEY_REUSED');
    return body;
  };

  const replayHeaders = (reply: FastifyReply, stored: StoredResponse) => {
    const headers = JSON.parse(stored.headers) as Record<string, string>;
    for (const name of REPLAYED_HEADERS) if (!(name in headers)) reply.removeHeader(name);
    return reply.code(stored.status).headers(headers).header('idempotency-replayed', 'true');
  };

  async function begin(request: FastifyRequest): Promise<Attempt | { replay: StoredResponse; body: string } | null> {
    const key = request.headers['idempotency-key'];
    if (!request.routeOptions.config.idempotent || key === undefined) return null;
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ValidationError([
        { path: 'headers.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const scope = `${request.principal.keyId ?? request.principal.role} ${request.method} ${request.url.split('?')[0]}`;
    const attempt = {
      scope,
      key,
      hash: requestHash(request),
      secret: bearerOf(request),
      at: now(),
      unit: new DeferredCommit(),
    };
    const stored = await lookup(attempt);
    return stored ? { replay: stored, body: storedBody(attempt, stored) } : attempt;
  }

  // Callback style, so the handler runs inside the deferred commit's async context.
  app.addHook('preHandler', (request, reply, done) => {
    begin(request).then((outcome) => {
      if (outcome === null) return done();
      if ('replay' in outcome) return void replayHeaders(reply, outcome.replay).send(outcome.body);
      request.idempotency = outcome;
      withDeferredCommit(outcome.unit, done);
    }, done);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const attempt = request.idempotency;
    if (!attempt) return payload;
    request.idempotency = undefined;
    const succeeded = reply.statusCode >= 200 && reply.statusCode < 300;
    const body = typeof payload === 'string' ? payload : payload == null ? '' : null;
    if (succeeded && body === null) {
      // A streamed body cannot be stored: the change commits, and a retry runs again.
      await attempt.unit.end(async () => undefined);
      return payload;
    }
    if (succeeded && body !== null) {
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.flatMap((name) => {
          const value = reply.getHeader(name);
          return value === undefined ? [] : [[name, String(value)]];
        }),
      );
      const row: StoredResponse = {
        scope: attempt.scope,
        key: attempt.key,
        requestHash: attempt.hash,
        status: reply.statusCode,
        headers: JSON.stringify(headers),
        body: seal(body, attempt.secret, `${attempt.scope}\n${attempt.key}`),
        createdAt: attempt.at,
        expiresAt: new Date(attempt.at.getTime() + ttlHours * 3_600_000),
      };
      try {
        if (attempt.unit.pending) await attempt.unit.end((tx) => storeResponse(tx, row));
        else await storeResponseAlone(prisma, row);
        return payload;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    } else {
      // A failed attempt leaves nothing behind, so the client may retry with the same key.
      await attempt.unit.end(null);
    }
    // Failed or rolled back: a concurrent request with the same key may have stored the answer.
    const stored = await lookup(attempt);
    if (stored && (succeeded || (stored.requestHash === attempt.hash && stored.status !== IN_FLIGHT))) {
      const replayed = storedBody(attempt, stored);
      replayHeaders(reply, stored);
      return replayed;
    }
    if (succeeded)
      throw new ConflictError(
        'A request with this Idempotency-Key was being processed at the same time: retry',
        'IDEMPOTENCY_IN_PROGRESS',
      );
    return payload;
  });

  // A reply that never reached onSend (the client went away) must not keep its transaction open.
  app.addHook('onResponse', async (request) => {
    await request.idempotency?.unit.end(null);
  });
});

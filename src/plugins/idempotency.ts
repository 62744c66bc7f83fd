import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { ConflictError, UnprocessableError, ValidationError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accepts an Idempotency-Key header: retries replay the first successful response. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency?: { scope: string; key: string };
  }
}

const IN_FLIGHT = 0;
const ABANDONED_AFTER_MS = 60_000;
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

export interface IdempotencyOptions {
  prisma: Db;
  ttlHours: number;
  now: () => Date;
}

function requestHash(request: FastifyRequest): string {
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
  return createHash('sha256').update(`${request.headers['content-type'] ?? ''}\n${body}`).digest('hex');
}

/**
 * Idempotent POSTs, as in the IETF Idempotency-Key draft: the first request with a key reserves it,
 * its 2xx response is stored for `ttlHours`, and a retry with the same key and body gets that
 * response again without running the handler. The same key with another body is a 422; a retry
 * while the first is still running is a 409.
 */
export const idempotencyPlugin = fp<IdempotencyOptions>(async function idempotencyPlugin(app: FastifyInstance, { prisma, ttlHours, now }) {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (!request.routeOptions.config.idempotent || key === undefined) return;
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ValidationError([{ path: 'headers.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    const scope = `${request.principal.keyId ?? request.principal.role} ${request.method} ${request.url.split('?')[0]}`;
    const hash = requestHash(request);
    const at = now();
    // Expired keys, and reservations whose request died with its process, free the key again.
    await prisma.idempotencyKey.deleteMany({
      where: { scope, key, OR: [{ expiresAt: { lte: at } }, { status: IN_FLIGHT, createdAt: { lte: new Date(at.getTime() - ABANDONED_AFTER_MS) } }] },
    });
    const stored = await prisma.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
    if (stored) {
      if (stored.requestHash !== hash) {
        throw new UnprocessableError('This Idempotency-Key was used with a different request body', 'IDEMPOTENCY_KEY_REUSED');
      }
      if (stored.status === IN_FLIGHT) throw new ConflictError('A request with this Idempotency-Key is still being processed', 'IDEMPOTENCY_IN_PROGRESS');
      return reply.code(stored.status).headers(JSON.parse(stored.headers) as Record<string, string>)
        .header('idempotency-replayed', 'true').send(stored.body);
    }
    try {
      await prisma.idempotencyKey.create({
        data: {
          scope, key, requestHash: hash, status: IN_FLIGHT, headers: '{}', body: '', createdAt: at,
          expiresAt: new Date(at.getTime() + ttlHours * 3_600_000),
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('A request with this Idempotency-Key is still being processed', 'IDEMPOTENCY_IN_PROGRESS');
      throw error;
    }
    request.idempotency = { scope, key };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const reserved = request.idempotency;
    if (!reserved) return payload;
    request.idempotency = undefined;
    const where = { scope_key: reserved };
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.flatMap((name) => {
          const value = reply.getHeader(name);
          return value === undefined ? [] : [[name, String(value)]];
        }),
      );
      await prisma.idempotencyKey.update({ where, data: { status: reply.statusCode, headers: JSON.stringify(headers), body: payload } });
    } else {
      // A failed attempt leaves nothing behind, so the client may retry with the same key.
      await prisma.idempotencyKey.delete({ where }).catch(() => undefined);
    }
    return payload;
  });
});

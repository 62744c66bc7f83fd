import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { IdSchema } from '../../lib/zod-atoms.js';
import { ApiKeyCreateSchema, ApiKeyListSchema, ApiKeyWithSecretSchema } from './api-keys.schemas.js';

const tags = ['api-keys'];

export async function apiKeysRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const apiKeys = app.services.apiKeys;

  app.post(
    '/api-keys',
    {
      config: { access: 'admin', idempotent: true, responseHeaders: { 201: ['Idempotency-Replayed'] } },
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Create an API key; the secret is returned only in this response',
        description:
          'Creates an API key with a role. The secret is in this response only (the server keeps a SHA-256 hash): store it now. Admin keys only.',
        headers: IdempotencyHeadersSchema,
        body: ApiKeyCreateSchema,
        response: {
          201: ApiKeyWithSecretSchema,
          ...problemResponses(400, 401, 403, 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await apiKeys.create(request.body.name, request.body.role)),
  );

  app.get(
    '/api-keys',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: 'List API keys (never their secrets)',
        description: 'Every API key, oldest first, with role, prefix and last use; never the secrets. Admin keys only.',
        response: { 200: ApiKeyListSchema, ...problemResponses(401, 403, 429) },
      },
    },
    async () => ({ data: await apiKeys.list() }),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key, at once and on every instance',
        description: 'Revokes a key at once on every instance (keys are checked on every request). Admin keys only.',
        params: z.object({ id: IdSchema.meta({ description: 'The API key’s id' }) }),
        response: { 204: z.undefined().describe('Revoked'), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(request.params.id);
      return reply.code(204).send();
    },
  );
}

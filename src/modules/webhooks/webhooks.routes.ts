import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../lib/problem.js';
import {
  DeliveryListQuerySchema,
  DeliveryListSchema,
  DeliveryParamsSchema,
  DeliverySchema,
  WebhookCreateSchema,
  WebhookListSchema,
  WebhookParamsSchema,
  WebhookPatchSchema,
  WebhookSchema,
  WebhookWithSecretSchema,
} from './webhooks.schemas.js';

const tags = ['webhooks'];

export async function webhooksRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const webhooks = app.services.webhooks;

  app.post(
    '/webhooks',
    {
      config: { access: 'admin', responseHeaders: { 201: ['Location'] } },
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Subscribe a URL to story events; the signing secret is returned only in this response',
        description:
          'Each delivery is a POST of a `Change` as JSON, signed as described in the README (Standard Webhooks: ' +
          '`webhook-id`, `webhook-timestamp`, `webhook-signature`). The target must resolve to public addresses only: ' +
          'loopback, private and link-local targets are refused with 422 `WEBHOOK_TARGET_REFUSED`.',
        body: WebhookCreateSchema,
        response: {
          201: WebhookWithSecretSchema,
          ...problemResponses(400, 401, 403, 413, 415, 'WEBHOOK_TARGET_REFUSED', 429),
        },
      },
    },
    async (request, reply) => {
      const created = await webhooks.create(request.body);
      return reply
        .code(201)
        .header('location', `/v1/webhooks/${created.id}`)
        .header('cache-control', 'no-store')
        .send(created);
    },
  );

  app.get(
    '/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'listWebhooks',
        tags,
        summary: 'List webhooks (never their secrets)',
        description:
          'Every webhook subscription, oldest first, with its target, events and whether it is enabled. Admin keys only.',
        response: { 200: WebhookListSchema, ...problemResponses(401, 403, 429) },
      },
    },
    async () => ({ data: await webhooks.list() }),
  );

  app.get(
    '/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'getWebhook',
        tags,
        summary: 'Get a webhook (never its secret)',
        description: 'One webhook subscription: its target, events and whether it is enabled. Admin keys only.',
        params: WebhookParamsSchema,
        response: { 200: WebhookSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => webhooks.get(request.params.id),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'updateWebhook',
        tags,
        summary: 'Change a webhook’s target, events, description or secret, or pause it',
        description:
          'While `enabled` is false, new events are not queued for it and queued deliveries wait until it is enabled again.',
        params: WebhookParamsSchema,
        body: WebhookPatchSchema,
        response: {
          200: WebhookSchema,
          ...problemResponses(400, 401, 403, 404, 413, 415, 'WEBHOOK_TARGET_REFUSED', 429),
        },
      },
    },
    async (request) => webhooks.update(request.params.id, request.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'deleteWebhook',
        tags,
        summary: 'Delete a webhook and its delivery history',
        description:
          'Stops deliveries to the target at once and deletes the subscription with every delivery and attempt. Admin keys only.',
        params: WebhookParamsSchema,
        response: { 204: z.undefined().describe('Deleted'), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await webhooks.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'List a webhook’s deliveries, newest first, with every attempt’s status and latency',
        description:
          'Deliveries newest event first, each with its attempts oldest first. Pass `nextCursor` as `cursor` for older ones. Admin keys only.',
        params: WebhookParamsSchema,
        querystring: DeliveryListQuerySchema,
        response: { 200: DeliveryListSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => webhooks.deliveries(request.params.id, request.query),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'retryWebhookDelivery',
        tags,
        summary: 'Send a delivery again, with a fresh budget of attempts',
        description:
          'For a failed delivery once the receiver is fixed, or a succeeded one the receiver lost. The same delivery id ' +
          'is sent again. 409 `DELIVERY_IN_PROGRESS` while it is being sent.',
        params: DeliveryParamsSchema,
        response: { 202: DeliverySchema, ...problemResponses(400, 401, 403, 404, 'DELIVERY_IN_PROGRESS', 429) },
      },
    },
    async (request, reply) => reply.code(202).send(await webhooks.retry(request.params.id, request.params.deliveryId)),
  );
}

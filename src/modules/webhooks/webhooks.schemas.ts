import { z } from 'zod';
import { HttpUrlSchema, IdSchema, InstantSchema, MAX_DB_INT } from '../../lib/zod-atoms.js';
import { ChangeSchema, EventTypeSchema } from '../changes/changes.schemas.js';
import { SECRET_PREFIX } from './signature.js';

const events = z
  .array(EventTypeSchema)
  .min(1, 'name at least one event type')
  .max(20)
  .meta({
    description: 'The event types to receive',
    example: ['article.published', 'article.unpublished', 'article.deleted'],
  });

const secret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, `must be "${SECRET_PREFIX}" followed by at least 24 bytes in base64`)
  .refine(
    (value) => Buffer.from(value.slice(SECRET_PREFIX.length), 'base64').length >= 24,
    'must hold at least 24 bytes',
  )
  .meta({
    description: 'Your own signing secret; when absent one is generated',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  });

const url = HttpUrlSchema.meta({
  description:
    'Where deliveries are POSTed. Must resolve to public addresses only (unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true)',
  example: 'https://frontend.example.com/hooks/cms',
});
const description = z.string().trim().max(500).meta({ example: 'Purge the CDN and rebuild the front page' });

export const WebhookCreateSchema = z
  .strictObject({
    url,
    events,
    description: description.optional(),
    enabled: z.boolean().default(true),
    secret: secret.optional(),
  })
  .meta({ id: 'WebhookCreate' });

export const WebhookPatchSchema = z
  .strictObject({
    url: url.optional(),
    events: events.optional(),
    description: description.nullable().optional(),
    enabled: z.boolean().optional(),
    secret: secret.optional().meta({ description: 'A new signing secret (rotation); never echoed back' }),
  })
  .meta({ id: 'WebhookPatch' });

export const WebhookSchema = z
  .object({
    id: IdSchema,
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(EventTypeSchema),
    enabled: z.boolean(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Webhook', description: 'A webhook subscription. Its secret is shown only when it is created' });

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().meta({
    description: 'The signing secret. Shown only in this response: store it now',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).meta({ id: 'WebhookWithSecret' });

export const WebhookListSchema = z.object({ data: z.array(WebhookSchema) }).meta({ id: 'WebhookList' });

export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed'] as const;
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES).meta({
  id: 'DeliveryStatus',
  description: 'pending (waiting for its turn or its next attempt), delivering, succeeded, failed (attempts used up)',
});

const httpStatus = z.number().int().min(100).max(599).meta({ example: 200 });
const milliseconds = z.number().int().min(0).max(MAX_DB_INT).meta({ example: 84 });

export const AttemptSchema = z
  .object({
    number: z.number().int().min(1).max(MAX_DB_INT).meta({ description: '1 for the first attempt', example: 1 }),
    startedAt: InstantSchema,
    outcome: z
      .enum(['succeeded', 'failed', 'interrupted'])
      .meta({ description: 'interrupted: the server stopped mid-send; the delivery was resumed' }),
    statusCode: httpStatus.nullable().meta({ description: 'The receiver’s HTTP status, when it answered' }),
    error: z.string().nullable().meta({ example: 'no answer within 10000 ms' }),
    latencyMs: milliseconds.meta({ description: 'How long the attempt took' }),
  })
  .meta({ id: 'DeliveryAttempt' });

export const DeliverySchema = z
  .object({
    id: IdSchema.meta({
      description:
        'The delivery id, sent as the `webhook-id` header: the same on every retry, for idempotent receivers',
    }),
    webhookId: IdSchema,
    status: DeliveryStatusSchema,
    attemptCount: z.number().int().min(0).max(MAX_DB_INT).meta({ description: 'Attempts made so far', example: 1 }),
    nextAttemptAt: InstantSchema.nullable().meta({
      description: 'When it will be tried (again); null once succeeded or failed',
    }),
    deliveredAt: InstantSchema.nullable(),
    lastStatusCode: httpStatus
      .nullable()
      .meta({ description: 'The receiver’s HTTP status on the last attempt, when it answered' }),
    lastError: z.string().nullable(),
    lastLatencyMs: milliseconds.nullable().meta({ description: 'How long the last attempt took' }),
    createdAt: InstantSchema,
    event: ChangeSchema.meta({ description: 'The body that is sent' }),
    attempts: z.array(AttemptSchema).meta({ description: 'Every attempt, oldest first' }),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveryListSchema = z
  .object({
    data: z.array(DeliverySchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'WebhookDeliveryList' });

export const DeliveryListQuerySchema = z.strictObject({
  status: DeliveryStatusSchema.optional().meta({ description: 'Only deliveries in this state' }),
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Deliveries per page, 1 to 100' }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'Opaque: the `nextCursor` of the page before. Leave out for the newest deliveries.' }),
});

const webhookId = IdSchema.meta({ description: 'The webhook’s id' });
export const WebhookParamsSchema = z.object({ id: webhookId });
export const DeliveryParamsSchema = z.object({
  id: webhookId,
  deliveryId: IdSchema.meta({ description: 'The delivery’s id' }),
});

export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;
export type WebhookPatch = z.infer<typeof WebhookPatchSchema>;
export type Webhook = z.infer<typeof WebhookSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
export type DeliveryListQuery = z.infer<typeof DeliveryListQuerySchema>;

import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { decodeSequenceCursor, encodeSequenceCursor } from '../../lib/cursor.js';
import { EVENT_TYPES, type EventType, toChange } from '../outbox/change-event.js';
import type { Delivery, DeliveryListQuery, Webhook } from './webhooks.schemas.js';

type WebhookRow = Prisma.WebhookGetPayload<object>;

/** Event types in their canonical order, each once. */
export const normaliseEvents = (events: EventType[]): EventType[] =>
  EVENT_TYPES.filter((type) => events.includes(type));

export const eventsOf = (row: { events: string }): EventType[] => JSON.parse(row.events) as EventType[];

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: eventsOf(row),
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const insertWebhook = (db: Queryable, data: Prisma.WebhookUncheckedCreateInput) => db.webhook.create({ data });

export const listWebhooks = (db: Queryable) => db.webhook.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

export const findWebhook = (db: Queryable, id: string) => db.webhook.findUnique({ where: { id } });

/** Changes a webhook; false when there is none with this id. */
export async function updateWebhook(db: Queryable, id: string, data: Prisma.WebhookUncheckedUpdateInput) {
  return (await db.webhook.updateMany({ where: { id }, data })).count === 1;
}

/** Deletes a webhook with its delivery history; false when there is none with this id. */
export async function deleteWebhook(db: Queryable, id: string): Promise<boolean> {
  return (await db.webhook.deleteMany({ where: { id } })).count === 1;
}

/**
 * Puts a delivery back in the queue, due now with a fresh budget of attempts, if it is still in
 * the state it was read in; false when it changed meanwhile.
 */
export async function requeueDelivery(
  db: Queryable,
  delivery: { id: string; status: string; attempts: number },
  now: Date,
): Promise<boolean> {
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: delivery.id, status: delivery.status, attempts: delivery.attempts },
    data: {
      status: 'pending',
      nextAttemptAt: now,
      roundStart: delivery.attempts,
      leaseUntil: null,
      leaseToken: null,
      updatedAt: now,
    },
  });
  return count === 1;
}

const deliveryInclude = {
  event: true,
  attemptsLog: { orderBy: { number: 'asc' } },
} satisfies Prisma.WebhookDeliveryInclude;

type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ include: typeof deliveryInclude }>;

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toDelivery(row: DeliveryRow): Delivery {
  const done = row.status === 'succeeded' || row.status === 'failed';
  return {
    id: row.id,
    webhookId: row.webhookId,
    status: row.status as Delivery['status'],
    attemptCount: row.attempts,
    nextAttemptAt: done ? null : row.nextAttemptAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    lastLatencyMs: row.lastLatencyMs,
    createdAt: row.createdAt.toISOString(),
    event: toChange(row.event, 'newsroom'),
    attempts: row.attemptsLog.map((a) => ({
      number: a.number,
      startedAt: a.startedAt.toISOString(),
      outcome: a.outcome as 'succeeded',
      statusCode: a.statusCode,
      error: a.error,
      latencyMs: a.latencyMs,
    })),
  };
}

export async function findDelivery(db: Queryable, webhookId: string, deliveryId: string): Promise<DeliveryRow | null> {
  return db.webhookDelivery.findFirst({ where: { id: deliveryId, webhookId }, include: deliveryInclude });
}

/** Newest first (by the event's place in the feed), keyset-paginated. */
export async function listDeliveries(db: Queryable, webhookId: string, query: DeliveryListQuery) {
  const before = query.cursor ? decodeSequenceCursor(query.cursor) : undefined;
  const rows = await db.webhookDelivery.findMany({
    where: {
      webhookId,
      ...(query.status && { status: query.status }),
      ...(before !== undefined && { sequence: { lt: before } }),
    },
    orderBy: { sequence: 'desc' },
    take: query.limit + 1,
    include: deliveryInclude,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toDelivery),
    nextCursor: rows.length > query.limit && last ? encodeSequenceCursor(last.sequence) : null,
  };
}

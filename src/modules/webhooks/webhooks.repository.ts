import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import { decodeSequenceCursor, encodeSequenceCursor } from '../../lib/cursor.js';
import { EVENT_TYPES, type EventType, toChange } from '../changes/change-event.js';
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

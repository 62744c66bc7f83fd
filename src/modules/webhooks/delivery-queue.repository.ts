import type { Db, Dialect, Tx } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { newId } from '../../lib/ids.js';
import { eventTypeOf, type OutboxRow } from '../outbox/change-event.js';
import type { SequencedEvent } from '../outbox/sequencer.js';
import { eventsOf } from './webhooks.repository.js';

const OPEN = ['pending', 'delivering'];

/**
 * The sequencer's fan-out: one delivery per subscribed, enabled webhook for each numbered event, in
 * the transaction that numbered them.
 */
export async function queueDeliveries(tx: Tx, events: SequencedEvent[], now: Date): Promise<void> {
  const hooks = await tx.webhook.findMany({
    where: { enabled: true },
    select: { id: true, events: true, createdAt: true },
  });
  const deliveries = [];
  for (const event of events) {
    const type = eventTypeOf(event.type);
    for (const hook of hooks) {
      // A webhook hears of changes made after it was created, not of the backlog.
      if (!eventsOf(hook).includes(type) || event.createdAt < hook.createdAt) continue;
      deliveries.push({
        id: newId(),
        webhookId: hook.id,
        eventId: event.id,
        articleId: event.articleId,
        sequence: event.sequence,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  if (deliveries.length) await tx.webhookDelivery.createMany({ data: deliveries });
}

/** A delivery this instance holds the lease on, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  roundStart: number;
  leaseToken: string;
  webhook: { id: string; url: string; secret: string };
  event: OutboxRow;
}

/** Postgres: due rows no other instance is claiming right now, each article's oldest open one only. */
const PG_DUE = `
  SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
  WHERE w.enabled
    AND ((d.status = 'pending' AND d.next_attempt_at <= ($1::timestamptz AT TIME ZONE 'UTC'))
      OR (d.status = 'delivering' AND d.lease_until < ($1::timestamptz AT TIME ZONE 'UTC')))
    AND NOT EXISTS (
      SELECT 1 FROM webhook_deliveries e
      WHERE e.webhook_id = d.webhook_id AND e.article_id = d.article_id AND e.sequence < d.sequence
        AND e.status IN ('pending', 'delivering'))
  ORDER BY d.sequence
  LIMIT $2
  FOR UPDATE OF d SKIP LOCKED`;

async function dueOnPostgres(tx: Tx, now: Date, limit: number): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(PG_DUE, now.toISOString(), limit);
  return rows.map((row) => row.id);
}

/** SQLite: the same choice with Prisma queries; the claim itself is a compare-and-set on each row. */
async function dueOnSqlite(
  tx: Tx,
  now: Date,
  limit: number,
): Promise<Array<{ id: string; status: string; leaseToken: string | null }>> {
  const due = await tx.webhookDelivery.findMany({
    where: {
      webhook: { enabled: true },
      OR: [
        { status: 'pending', nextAttemptAt: { lte: now } },
        { status: 'delivering', leaseUntil: { lt: now } },
      ],
    },
    orderBy: { sequence: 'asc' },
    take: limit * 4,
    select: { id: true, webhookId: true, articleId: true, sequence: true, status: true, leaseToken: true },
  });
  if (!due.length) return [];
  const heads = await tx.webhookDelivery.groupBy({
    by: ['webhookId', 'articleId'],
    _min: { sequence: true },
    where: { status: { in: OPEN }, OR: due.map((d) => ({ webhookId: d.webhookId, articleId: d.articleId })) },
  });
  const head = new Map(heads.map((h) => [`${h.webhookId} ${h.articleId}`, h._min.sequence]));
  return due.filter((d) => head.get(`${d.webhookId} ${d.articleId}`) === d.sequence).slice(0, limit);
}

/** Claims up to `limit` due deliveries with a lease until `leaseUntil`; each is claimed by one instance only. */
export async function claimDue(
  db: Db,
  dialect: Dialect,
  now: Date,
  limit: number,
  leaseUntil: Date,
): Promise<ClaimedDelivery[]> {
  const leaseToken = newId();
  const claim = { status: 'delivering', leaseUntil, leaseToken, attempts: { increment: 1 }, updatedAt: now };
  const ids = await inTransaction(db, async (tx) => {
    if (dialect === 'postgres') {
      const due = await dueOnPostgres(tx, now, limit);
      if (due.length) await tx.webhookDelivery.updateMany({ where: { id: { in: due } }, data: claim });
      return due;
    }
    const claimed: string[] = [];
    for (const candidate of await dueOnSqlite(tx, now, limit)) {
      const won = await tx.webhookDelivery.updateMany({
        where: { id: candidate.id, status: candidate.status, leaseToken: candidate.leaseToken },
        data: claim,
      });
      if (won.count === 1) claimed.push(candidate.id);
    }
    return claimed;
  });
  if (!ids.length) return [];
  const rows = await db.webhookDelivery.findMany({
    where: { id: { in: ids }, leaseToken },
    orderBy: { sequence: 'asc' },
    select: {
      id: true,
      attempts: true,
      roundStart: true,
      leaseToken: true,
      webhook: { select: { id: true, url: true, secret: true } },
      event: {
        select: {
          id: true,
          type: true,
          articleId: true,
          version: true,
          payload: true,
          createdAt: true,
          sequence: true,
        },
      },
    },
  });
  return rows.map((row) => ({ ...row, leaseToken }));
}

export interface AttemptRecord {
  startedAt: Date;
  outcome: 'succeeded' | 'failed' | 'interrupted';
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

export interface DeliveryUpdate {
  status: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt?: Date;
  deliveredAt?: Date;
  roundStart?: number;
}

/**
 * Logs the attempt and applies its outcome, unless the lease was lost meanwhile (this instance
 * was too slow and another took the delivery over): then the other instance decides.
 */
export async function finishAttempt(
  db: Db,
  claimed: ClaimedDelivery,
  attempt: AttemptRecord,
  update: DeliveryUpdate,
  now: Date,
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    // Gone with its webhook while it was being sent.
    if (!(await tx.webhookDelivery.findUnique({ where: { id: claimed.id }, select: { id: true } }))) return false;
    await tx.webhookAttempt.create({
      data: { id: newId(), deliveryId: claimed.id, number: claimed.attempts, ...attempt },
    });
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: claimed.id, leaseToken: claimed.leaseToken },
      data: {
        ...update,
        leaseUntil: null,
        leaseToken: null,
        updatedAt: now,
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error,
        lastLatencyMs: attempt.latencyMs,
      },
    });
    return count === 1;
  });
}

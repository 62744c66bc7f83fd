import type { Db, Dialect, Tx } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import { sqlInstant } from '../../db/sql-instants.js';
import { inTransaction } from '../../db/transaction.js';
import { newId } from '../../lib/ids.js';
import { eventTypeOf, type OutboxRow } from '../outbox/change-event.js';
import type { SequencedEvent } from '../outbox/sequencer.js';
import { eventsOf } from './webhooks.repository.js';

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

const { sql, empty } = Prisma;

/**
 * Due rows, each (webhook, story)'s oldest open one only, lowest sequence first. The head rule is
 * applied before the LIMIT: otherwise one failing receiver's blocked rows fill the batch and every
 * other webhook waits behind them. On Postgres, rows another instance is claiming are skipped.
 */
function dueQuery(dialect: Dialect, now: Date, limit: number): Prisma.Sql {
  const at = sqlInstant(dialect, now);
  return sql`
    SELECT d.id, d.status, d.lease_token AS "leaseToken" FROM webhook_deliveries d
    JOIN webhooks w ON w.id = d.webhook_id
    WHERE w.enabled
      AND ((d.status = 'pending' AND d.next_attempt_at <= ${at})
        OR (d.status = 'delivering' AND d.lease_until < ${at}))
      AND NOT EXISTS (
        SELECT 1 FROM webhook_deliveries e
        WHERE e.webhook_id = d.webhook_id AND e.article_id = d.article_id AND e.sequence < d.sequence
          AND e.status IN ('pending', 'delivering'))
    ORDER BY d.sequence
    LIMIT ${limit}
    ${dialect === 'postgres' ? sql`FOR UPDATE OF d SKIP LOCKED` : empty}`;
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
    const due = await tx.$queryRaw<Array<{ id: string; status: string; leaseToken: string | null }>>(
      dueQuery(dialect, now, limit),
    );
    if (dialect === 'postgres') {
      // The rows are locked by this transaction: no other instance can claim them meanwhile.
      const locked = due.map((row) => row.id);
      if (locked.length) await tx.webhookDelivery.updateMany({ where: { id: { in: locked } }, data: claim });
      return locked;
    }
    const claimed: string[] = [];
    for (const candidate of due) {
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

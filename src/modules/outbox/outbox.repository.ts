import type { Queryable } from '../../db/client.js';
import { type ChangeFacts, outboxEventRow } from './change-event.js';

/** Records a change in the outbox, in the transaction that made it: webhooks and the change feed read it there. */
export async function recordEvent(db: Queryable, facts: ChangeFacts): Promise<void> {
  await db.outboxEvent.create({ data: outboxEventRow(facts) });
}

export async function recordEvents(db: Queryable, facts: ChangeFacts[]): Promise<void> {
  if (facts.length) await db.outboxEvent.createMany({ data: facts.map(outboxEventRow) });
}

/** Numbered events after `sequence`, in order (only those in the public feed, when asked). */
export const eventsAfter = (db: Queryable, sequence: number, take: number, publicOnly: boolean) =>
  db.outboxEvent.findMany({
    where: { sequence: { gt: sequence }, ...(publicOnly && { inPublicFeed: true }) },
    orderBy: { sequence: 'asc' },
    take,
  });

export async function hasEventSince(db: Queryable, articleId: string, since: Date): Promise<boolean> {
  const row = await db.outboxEvent.findFirst({ where: { articleId, createdAt: { gte: since } }, select: { id: true } });
  return row !== null;
}

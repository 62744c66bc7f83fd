import { findInChunks } from '../../db/chunks.js';
import type { Dialect, Queryable, Tx } from '../../db/client.js';
import { PUBLIC } from '../../lib/access.js';
import { visibleWhere } from '../../lib/visibility.js';
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

/** Arbitrary constant naming the sequencer's advisory lock on Postgres (the migrator uses another). */
const PG_SEQUENCER_LOCK = 727_073_692;

/** Whether this transaction is the one sequencer now (Postgres: an advisory lock; SQLite has one writer). */
export async function trySequencerLock(tx: Tx, dialect: Dialect): Promise<boolean> {
  if (dialect !== 'postgres') return true;
  const [lock] = await tx.$queryRawUnsafe<Array<{ locked: boolean }>>(
    'SELECT pg_try_advisory_xact_lock($1) AS locked',
    PG_SEQUENCER_LOCK,
  );
  return lock?.locked === true;
}

/** Committed events without a number yet, oldest first. */
export const unsequencedEvents = (db: Queryable, take: number) =>
  db.outboxEvent.findMany({
    where: { sequence: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take,
    select: { id: true, type: true, articleId: true, version: true, createdAt: true },
  });

/** The highest number handed out so far (0 before the first). */
export async function topSequence(db: Queryable): Promise<number> {
  return (await db.outboxEvent.aggregate({ _max: { sequence: true } }))._max.sequence ?? 0;
}

export async function numberEvent(db: Queryable, id: string, sequence: number, now: Date): Promise<void> {
  await db.outboxEvent.update({ where: { id }, data: { sequence, processedAt: now } });
}

/** Stories public now whose embargo ended after `after` (one taken down before it ended never was public). */
export const publishedWithEmbargoLifted = (db: Queryable, after: Date, now: Date) =>
  db.article.findMany({
    where: { AND: [visibleWhere(PUBLIC, now), { embargoedUntil: { lte: now, gt: after } }] },
    select: { id: true, embargoedUntil: true },
  });

/** What a change event tells of each of these stories as they are now, with the slugs they left behind. */
export const storiesAsChanged = (db: Queryable, ids: string[]) =>
  findInChunks(ids, (chunk) =>
    db.article.findMany({
      where: { id: { in: chunk } },
      select: {
        id: true,
        slug: true,
        status: true,
        version: true,
        section: true,
        embargoedUntil: true,
        unpublishAt: true,
        updatedAt: true,
        tags: { select: { tag: true }, orderBy: { position: 'asc' } },
        related: { select: { relatedArticleId: true }, orderBy: { position: 'asc' } },
        retiredSlugs: { select: { slug: true } },
      },
    }),
  );

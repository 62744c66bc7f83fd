import type { Db, Dialect, Tx } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { announceLiftedEmbargoes } from './embargo-watch.js';
import { numberEvent, topSequence, trySequencerLock, unsequencedEvents } from './outbox.repository.js';

/** An outbox event waiting for its number. */
export interface Unsequenced {
  id: string;
  type: string;
  articleId: string;
  version: number;
  createdAt: Date;
}

/** An event with its place in the change feed, as what the numbering feeds (webhook deliveries) needs it. */
export interface SequencedEvent extends Unsequenced {
  sequence: number;
}

/** What else numbering events makes, in the same transaction: the webhooks' deliveries. */
export type FanOut = (tx: Tx, events: SequencedEvent[], now: Date) => Promise<void>;

const byTimeThenId = (a: Unsequenced, b: Unsequenced) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

/**
 * Commit order, except that each article's own events keep their version order: clocks of two
 * instances may disagree, but versions of one story never do.
 */
export function inArticleOrder(events: Unsequenced[]): Unsequenced[] {
  const ordered = [...events].sort(byTimeThenId);
  const perArticle = new Map<string, Unsequenced[]>();
  for (const event of ordered) perArticle.set(event.articleId, [...(perArticle.get(event.articleId) ?? []), event]);
  for (const list of perArticle.values()) list.sort((a, b) => a.version - b.version || byTimeThenId(a, b));
  const next = new Map<string, number>();
  return ordered.map((event) => {
    const index = next.get(event.articleId) ?? 0;
    next.set(event.articleId, index + 1);
    return perArticle.get(event.articleId)?.[index] ?? event;
  });
}

/**
 * Gives committed outbox events their place in the change feed, and hands them to `fanOut`.
 * Numbers are handed out after commit, by one sequencer at a time (an advisory lock on Postgres;
 * SQLite has one writer), so a consumer that read up to N never misses an event whose transaction
 * committed after it read: that event gets a number above N.
 */
export async function sequenceEvents(
  db: Db,
  dialect: Dialect,
  now: Date,
  batch: number,
  fanOut: FanOut,
): Promise<number> {
  return inTransaction(db, async (tx) => {
    if (!(await trySequencerLock(tx, dialect))) return 0;
    await announceLiftedEmbargoes(tx, now);
    const events = await unsequencedEvents(tx, batch);
    if (!events.length) return 0;
    let sequence = await topSequence(tx);
    const numbered: SequencedEvent[] = [];
    for (const event of inArticleOrder(events)) {
      sequence += 1;
      await numberEvent(tx, event.id, sequence, now);
      numbered.push({ ...event, sequence });
    }
    await fanOut(tx, numbered, now);
    return events.length;
  });
}

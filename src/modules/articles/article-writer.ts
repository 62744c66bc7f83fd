import type { Db, Dialect, Queryable, Tx } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { NEWSROOM } from '../../lib/access.js';
import { currentActor } from '../../lib/actor.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../lib/errors.js';
import { etagFor } from '../../lib/etag.js';
import { newId } from '../../lib/ids.js';
import { type ChangeFacts, outboxEventRow, type StoryState } from '../outbox/change-event.js';
import { recordEvent } from '../outbox/outbox.repository.js';
import { saveSearchDocument, searchTextChanged } from '../search/search-index.repository.js';
import { insertRevision } from './article-aggregate.repository.js';
import { bumpVersion, currentVersion, type FullRow, toArticle, updateArticle } from './articles.repository.js';
import type { Article, RevisionAction } from './articles.schemas.js';
import { readerView } from './bylines.js';
import { readSnapshot, type Snapshot } from './story-read.repository.js';

/**
 * The one write path for an existing article. In one transaction it checks the expected version,
 * bumps it (a compare-and-set that also serialises concurrent writers on Postgres), applies the
 * change, and records an immutable revision and an outbox event. Every feature that changes a story
 * (edits, captions, related links, workflow, corrections, restores, import) goes through here.
 */
export interface WriteContext {
  prisma: Db;
  dialect: Dialect;
  now: () => Date;
  /** Who changes things, when not an HTTP request (whose actor comes from lib/actor.ts), e.g. "cli". */
  actor?: string | null;
}

export interface ArticleChange<R> {
  articleId: string;
  expectedVersion: number;
  action: RevisionAction;
  /** Which stories to look in: live ones (default) or the trash. */
  scope?: 'live' | 'trash';
  /** An edit that leaves every field as it was is undone and makes no version (PATCH {}). */
  unchangedIsNoop?: boolean;
  /**
   * A killed story changes only by its unkill (legal/) and by what must reach every story, like a
   * contributor's deletion; every other change is refused.
   */
  changesKilled?: boolean;
  /** `before` is the story as stored (its own byline, null when derived); the answer is as the newsroom reads it. */
  apply: (tx: Tx, before: Article, now: Date) => Promise<R>;
}

export async function changeArticle<R>(
  ctx: WriteContext,
  change: ArticleChange<R>,
  outer?: Tx,
): Promise<{ article: Article; result: R }> {
  return inTransaction(outer ?? ctx.prisma, async (tx) => {
    const now = ctx.now();
    const read = await readSnapshot(tx, ctx.dialect, change.articleId);
    const row = read?.row;
    const inTrash = row?.deletedAt != null;
    if (!read || !row || inTrash !== (change.scope === 'trash')) {
      throw new NotFoundError(`No article ${change.articleId}${change.scope === 'trash' ? ' in the trash' : ''}`);
    }
    const before = toArticle(row);
    if (before.status === 'killed' && !change.changesKilled) {
      throw new ConflictError('The story was killed: an admin must unkill it before it can change.', 'ARTICLE_KILLED', {
        currentStatus: before.status,
      });
    }
    if (before.version !== change.expectedVersion) {
      throw new PreconditionFailedError(before.version, etagFor(before.version));
    }
    if (!(await bumpVersion(tx, change.articleId, change.expectedVersion, now))) {
      const version = (await currentVersion(tx, change.articleId)) ?? change.expectedVersion;
      throw new PreconditionFailedError(version, etagFor(version));
    }
    const result = await change.apply(tx, before, now);
    const afterRead = await readSnapshot(tx, ctx.dialect, change.articleId);
    if (!afterRead) throw new NotFoundError(`No article ${change.articleId}`);
    const after = toArticle(afterRead.row);
    const fields = changedFields(before, after);
    if (change.unchangedIsNoop && !fields.length) {
      // No new version, so every other client's ETag stays valid.
      await updateArticle(tx, change.articleId, { version: before.version, updatedAt: new Date(before.updatedAt) });
      return { article: readerView(row, NEWSROOM, withoutTrashedLinks(before, read)), result };
    }
    if (searchTextChanged(before, after)) await saveSearchDocument(tx, after.id, after);
    await recordRevision(
      tx,
      ctx,
      after,
      change.action,
      fields,
      now,
      { before: { article: before, deleted: inTrash }, deleted: afterRead.row.deletedAt !== null },
      afterRead.retiredSlugs,
    );
    return { article: readerView(afterRead.row, NEWSROOM, withoutTrashedLinks(after, afterRead)), result };
  });
}

/** The full state of an article whatever its status, links to trashed stories included. */
export async function snapshotRow(db: Queryable, dialect: Dialect, articleId: string): Promise<FullRow> {
  const read = await readSnapshot(db, dialect, articleId);
  if (!read) throw new NotFoundError(`No article ${articleId}`);
  return read.row;
}

/** The snapshot as the newsroom reads it: links to stories in the trash hidden, positions renumbered. */
function withoutTrashedLinks(article: Article, { trashedTargets }: Snapshot): Article {
  if (!trashedTargets.size) return article;
  return {
    ...article,
    related: article.related.filter((l) => !trashedTargets.has(l.id)).map((l, position) => ({ ...l, position })),
  };
}

/** The state before the change (none for a new story) and whether the story is now in the trash. */
export interface ChangeSides {
  before: StoryState | null;
  deleted: boolean;
}

export async function recordRevision(
  tx: Tx,
  ctx: WriteContext,
  snapshot: Article,
  action: RevisionAction,
  fields: string[],
  now: Date,
  sides: ChangeSides = { before: null, deleted: false },
  /** Retired slugs go in the event so a cache purge reaches every URL the story was served under. */
  retiredSlugs: string[] = [],
): Promise<void> {
  await insertRevision(tx, revisionRow(ctx, snapshot, action, fields, now));
  await recordEvent(tx, changeFacts(snapshot, action, fields, now, sides, retiredSlugs));
}

/** The revision and outbox rows for a change, for recordRevision and for bulk writers (import). */
export function revisionRows(
  ctx: WriteContext,
  snapshot: Article,
  action: RevisionAction,
  fields: string[],
  now: Date,
  sides: ChangeSides = { before: null, deleted: false },
  retiredSlugs: string[] = [],
) {
  return {
    revision: revisionRow(ctx, snapshot, action, fields, now),
    event: outboxEventRow(changeFacts(snapshot, action, fields, now, sides, retiredSlugs)),
  };
}

const revisionRow = (ctx: WriteContext, snapshot: Article, action: RevisionAction, fields: string[], now: Date) => ({
  id: newId(),
  articleId: snapshot.id,
  version: snapshot.version,
  createdAt: now,
  action,
  changedFields: JSON.stringify(fields),
  snapshot: JSON.stringify(snapshot),
  actor: ctx.actor ?? currentActor(),
});

const changeFacts = (
  snapshot: Article,
  action: RevisionAction,
  fields: string[],
  now: Date,
  sides: ChangeSides,
  retiredSlugs: string[],
): ChangeFacts => ({
  action,
  before: sides.before,
  after: { article: snapshot, deleted: sides.deleted },
  changedFields: fields,
  retiredSlugs,
  now,
});

const BOOKKEEPING = new Set(['version', 'updatedAt']);

/** Top-level fields whose JSON differs between two snapshots. */
export function changedFields(before: Partial<Article>, after: Partial<Article>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (key) =>
      !BOOKKEEPING.has(key) &&
      JSON.stringify(before[key as keyof Article]) !== JSON.stringify(after[key as keyof Article]),
  );
}

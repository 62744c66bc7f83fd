import { z } from 'zod';
import { NEWSROOM } from '../../lib/access.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { NotFoundError, UnprocessableError } from '../../lib/errors.js';
import { sanitizeBody } from '../../lib/html.js';
import { MAX_DB_INT } from '../../lib/zod-atoms.js';
import {
  deleteCaptionsOf,
  deleteLinks,
  insertCaptions,
  insertLinks,
} from '../articles/article-aggregate.repository.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { existingArticleIds, replaceTags, requireArticleRow, updateArticle } from '../articles/articles.repository.js';
import { type Article, type RevisionAction, StoredArticleSchema } from '../articles/articles.schemas.js';
import { restorableCredits } from '../articles/credits.js';
import { replaceAuthors, replaceSubjects } from '../articles/credits.repository.js';
import { assignSlug, retireSlug } from '../articles/slugs.js';
import { findRevision, listRevisions } from './revisions.repository.js';
import type { FieldChange, Revision, RevisionSummary } from './revisions.schemas.js';

const CursorSchema = z.strictObject({ v: z.number().int().min(1).max(MAX_DB_INT) });

type RevisionRow = { version: number; createdAt: Date; action: string; changedFields: string; actor: string | null };
const toSummary = (row: RevisionRow): RevisionSummary => ({
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  action: row.action as RevisionAction,
  changedFields: JSON.parse(row.changedFields) as string[],
  actor: row.actor,
});

/**
 * Content a restore brings back. Workflow state (status, publication times, schedule and embargo)
 * stays as it is now: restoring an old text must never lift an embargo or cancel a schedule.
 */
const RESTORED_FIELDS = ['headline', 'summary', 'body', 'byline', 'source', 'section', 'language'] as const;

export class RevisionsService {
  constructor(private readonly ctx: WriteContext) {}

  private async assertArticle(articleId: string): Promise<void> {
    await requireArticleRow(this.ctx.prisma, articleId, NEWSROOM, this.ctx.now());
  }

  async list(
    articleId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ data: RevisionSummary[]; nextCursor: string | null }> {
    await this.assertArticle(articleId);
    const before = cursor ? decodeCursor(cursor, CursorSchema).v : undefined;
    const rows = await listRevisions(this.ctx.prisma, articleId, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map(toSummary),
      nextCursor: rows.length > limit && last ? encodeCursor({ v: last.version }) : null,
    };
  }

  async get(articleId: string, version: number): Promise<Revision> {
    await this.assertArticle(articleId);
    const row = await findRevision(this.ctx.prisma, articleId, version);
    if (!row) throw new NotFoundError(`Article ${articleId} has no version ${version}`);
    return { ...toSummary(row), snapshot: StoredArticleSchema.parse(JSON.parse(row.snapshot)) };
  }

  /** Field-level changes from `against` (default: the version before) to `version`. */
  async diff(
    articleId: string,
    version: number,
    against = version - 1,
  ): Promise<{ articleId: string; from: number; to: number; changes: FieldChange[] }> {
    if (against < 1)
      throw new UnprocessableError('Version 1 has no earlier version: pass `against`', 'NO_EARLIER_VERSION');
    const [to, from] = await Promise.all([this.get(articleId, version), this.get(articleId, against)]);
    const ignored = new Set(['version', 'updatedAt']);
    const fields = [...new Set([...Object.keys(from.snapshot), ...Object.keys(to.snapshot)])].filter(
      (f) => !ignored.has(f),
    );
    const changes = fields.flatMap((field) => {
      const before = from.snapshot[field as keyof Article];
      const after = to.snapshot[field as keyof Article];
      return JSON.stringify(before) === JSON.stringify(after)
        ? []
        : [{ field, before: before ?? null, after: after ?? null }];
    });
    return { articleId, from: against, to: version, changes };
  }

  /**
   * Makes a new version whose content equals the snapshot: fields, tags, captions (with their ids),
   * related links, credits and subjects. Links to stories, credits of contributors and subjects that
   * no longer exist are dropped and reported; a dropped credit stays in the byline as plain text.
   */
  async restore(articleId: string, version: number, expectedVersion: number) {
    const { snapshot } = await this.get(articleId, version);
    const { article, result } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'restored',
      apply: async (tx, before, now) => {
        if (snapshot.slug !== before.slug) {
          await assignSlug(tx, snapshot.slug, snapshot.headline, articleId);
          await retireSlug(tx, articleId, before.slug, snapshot.slug, before.firstPublishedAt !== null, now);
        }
        const credits = await restorableCredits(tx, snapshot);
        await updateArticle(tx, articleId, {
          slug: snapshot.slug,
          ...Object.fromEntries(RESTORED_FIELDS.map((field) => [field, snapshot[field]])),
          byline: credits.byline,
          // Snapshots come back from backups too: the body is sanitised as on any write.
          body: sanitizeBody(snapshot.body),
        });
        await replaceAuthors(tx, articleId, credits.authors);
        await replaceSubjects(tx, articleId, credits.subjects);
        await replaceTags(tx, articleId, snapshot.tags);
        await deleteCaptionsOf(tx, articleId);
        await insertCaptions(
          tx,
          snapshot.captions.map((c, position) => ({
            id: c.id,
            articleId,
            position,
            text: c.text,
            credit: c.credit,
            imageUrl: c.imageUrl,
            altText: c.altText,
            location: c.location,
            takenAt: c.takenAt ? new Date(c.takenAt) : null,
            takenOn: c.takenOn,
            createdAt: new Date(c.createdAt),
            updatedAt: now,
          })),
        );
        const alive = await existingArticleIds(
          tx,
          snapshot.related.map((r) => r.id),
          'any',
        );
        await deleteLinks(tx, articleId);
        const kept = snapshot.related.filter((link) => alive.has(link.id));
        await insertLinks(
          tx,
          articleId,
          kept.map((link, position) => ({ relatedArticleId: link.id, position, rel: link.rel })),
          now,
        );
        return {
          droppedRelated: snapshot.related
            .filter((link) => !alive.has(link.id))
            .map(({ id, headline }) => ({ id, headline })),
          droppedAuthors: credits.droppedAuthors,
          droppedSubjects: credits.droppedSubjects,
        };
      },
    });
    return { article, ...result };
  }
}

import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { insertCorrection } from '../articles/article-aggregate.repository.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { type FullRow, requireArticleRow, toArticle, updateArticle } from '../articles/articles.repository.js';
import type { Article, RevisionAction } from '../articles/articles.schemas.js';
import type { Viewer } from '../articles/visibility.js';
import { type DueArticle, dueToPublish, dueToUnpublish } from './publishing.repository.js';
import type { CorrectionCreate } from './publishing.schemas.js';
import { goLive, planArchive, planPublish, planUnpublish, takeDown, type WorkflowChange } from './workflow.js';

type Correction = Article['corrections'][number];

/** The scheduler found a story no longer due: another instance or an editor got there first. */
export class NoLongerDueError extends Error {}

export class PublishingService {
  constructor(private readonly ctx: WriteContext) {}

  private async step(
    articleId: string,
    expectedVersion: number,
    action: RevisionAction,
    plan: (before: Article, now: Date) => WorkflowChange,
  ): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action,
      apply: async (tx, before, now) => {
        await updateArticle(tx, articleId, plan(before, now));
      },
    });
    return article;
  }

  private isFuture(at: Date | undefined): boolean {
    return at !== undefined && at.getTime() > this.ctx.now().getTime();
  }

  async publish(articleId: string, expectedVersion: number, at?: Date): Promise<Article> {
    const action = this.isFuture(at) ? 'scheduled' : 'published';
    return this.step(articleId, expectedVersion, action, (before, now) => planPublish(before, at, now));
  }

  async unpublish(articleId: string, expectedVersion: number, at?: Date): Promise<Article> {
    const action = this.isFuture(at) ? 'unpublish_scheduled' : 'unpublished';
    return this.step(articleId, expectedVersion, action, (before, now) => planUnpublish(before, at, now));
  }

  async archive(articleId: string, expectedVersion: number): Promise<Article> {
    return this.step(articleId, expectedVersion, 'archived', (before) => planArchive(before));
  }

  /** Appends a public note to a story that has been published; notes are never edited or removed. */
  async addCorrection(
    articleId: string,
    expectedVersion: number,
    input: CorrectionCreate,
  ): Promise<{ version: number; correction: Correction }> {
    const { article, result: id } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'correction_added',
      apply: async (tx, before, now) => {
        if (before.firstPublishedAt === null) {
          throw new ConflictError(
            'Only a story that has been published can carry a correction: edit the draft instead.',
            'NEVER_PUBLISHED',
            { currentStatus: before.status },
          );
        }
        const data = {
          id: newId(),
          articleId,
          kind: input.kind,
          text: input.text,
          createdAt: now,
          version: before.version + 1,
        };
        await insertCorrection(tx, data);
        return data.id;
      },
    });
    return { version: article.version, correction: correctionOf(article, id) };
  }

  /** The correction notes of a story its viewer may see, with the story (for its caching headers). */
  async listCorrections(articleId: string, viewer: Viewer): Promise<{ story: FullRow; corrections: Correction[] }> {
    const story = await requireArticleRow(this.ctx.prisma, articleId, viewer, this.ctx.now());
    return { story, corrections: toArticle(story).corrections };
  }

  async getCorrection(
    articleId: string,
    correctionId: string,
    viewer: Viewer,
  ): Promise<{ story: FullRow; correction: Correction }> {
    const { story, corrections } = await this.listCorrections(articleId, viewer);
    return { story, correction: correctionOf({ id: articleId, corrections }, correctionId) };
  }

  /** Scheduled stories whose publishAt has passed (live ones only), oldest due first. */
  async dueToPublish(limit: number): Promise<DueArticle[]> {
    return dueToPublish(this.ctx.prisma, this.ctx.now(), limit);
  }

  async dueToUnpublish(limit: number): Promise<DueArticle[]> {
    return dueToUnpublish(this.ctx.prisma, this.ctx.now(), limit);
  }

  /**
   * Publishes a due story if it is still at the version the scheduler read: the version
   * compare-and-set in changeArticle lets exactly one of several instances win.
   */
  async publishDue(due: DueArticle): Promise<Article> {
    return this.step(due.id, due.version, 'published', (before, now) => {
      if (before.status !== 'scheduled' || !isDue(before.publishAt, now)) throw new NoLongerDueError();
      return goLive(before, now);
    });
  }

  async unpublishDue(due: DueArticle): Promise<Article> {
    return this.step(due.id, due.version, 'unpublished', (before, now) => {
      if (before.status !== 'published' || !isDue(before.unpublishAt, now)) throw new NoLongerDueError();
      return takeDown();
    });
  }
}

const isDue = (iso: string | null, now: Date): boolean => iso !== null && Date.parse(iso) <= now.getTime();

function correctionOf(article: Pick<Article, 'id' | 'corrections'>, correctionId: string): Correction {
  const correction = article.corrections.find((c) => c.id === correctionId);
  if (!correction) throw new NotFoundError(`Article ${article.id} has no correction ${correctionId}`);
  return correction;
}

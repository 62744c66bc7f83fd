import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { updateArticle } from '../articles/articles.repository.js';
import type { Article, RevisionAction } from '../articles/articles.schemas.js';
import { type DueArticle, dueToPublish, dueToUnpublish } from './publishing.repository.js';
import { goLive, planArchive, planPublish, planUnpublish, takeDown, type WorkflowChange } from './workflow.js';

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

import { currentActor } from '../../lib/actor.js';
import { ConflictError } from '../../lib/errors.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { updateArticle } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import type { KillRequest, UnkillRequest } from './kill.schemas.js';

/**
 * Kill and unkill. A kill is a workflow step like any other (a version, a revision, an outbox event
 * `article.killed`), after which the writer refuses every change but the unkill (articles/article-writer.ts).
 */
export class KillService {
  constructor(private readonly ctx: WriteContext) {}

  private actor(): string | null {
    return this.ctx.actor ?? currentActor();
  }

  /** Killed from any live status; a story in the trash is not found (untrash it first). */
  async kill(articleId: string, expectedVersion: number, { reason, notice }: KillRequest): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'killed',
      apply: async (tx, _before, now) => {
        await updateArticle(tx, articleId, {
          status: 'killed',
          publishAt: null,
          unpublishAt: null,
          killedAt: now,
          killedBy: this.actor(),
          killReason: reason,
          killNotice: notice ?? null,
          unkilledAt: null,
          unkilledBy: null,
          unkillReason: null,
        });
      },
    });
    return article;
  }

  /** Back to draft; the kill record stays in the database and the kill's revision. */
  async unkill(articleId: string, expectedVersion: number, { reason }: UnkillRequest): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'unkilled',
      changesKilled: true,
      apply: async (tx, before, now) => {
        if (before.status !== 'killed') {
          throw new ConflictError(`Cannot unkill this article: it is ${before.status}.`, 'INVALID_TRANSITION', {
            currentStatus: before.status,
          });
        }
        await updateArticle(tx, articleId, {
          status: 'draft',
          unkilledAt: now,
          unkilledBy: this.actor(),
          unkillReason: reason,
        });
      },
    });
    return article;
  }
}

import { inTransaction } from '../../db/transaction.js';
import { NEWSROOM } from '../../lib/access.js';
import { NotFoundError } from '../../lib/errors.js';
import { assertVersion } from '../../lib/etag.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import {
  deleteArticleAt,
  listArticles,
  requireArticle,
  summaryView,
  updateArticle,
} from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import { retiredSlugsOf } from '../articles/slugs.repository.js';
import { recordEvent } from '../outbox/outbox.repository.js';
import type { TrashedArticle } from './trash.schemas.js';

export class TrashService {
  constructor(private readonly ctx: WriteContext) {}

  /** Trashed stories, newest first (by creation, like the article list). */
  async list(limit: number, cursor?: string): Promise<{ data: TrashedArticle[]; nextCursor: string | null }> {
    const now = this.ctx.now();
    const page = await listArticles(this.ctx.prisma, { deletedAt: { not: null } }, limit, cursor);
    return {
      data: page.rows.map((row) => ({
        ...summaryView(row, NEWSROOM),
        deletedAt: (row.deletedAt ?? now).toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<Article> {
    return requireArticle(this.ctx.prisma, id, NEWSROOM, this.ctx.now(), 'trash');
  }

  /** Brings a story back with its captions and links; links from other stories to it reappear too. */
  async restore(id: string, expectedVersion: number): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId: id,
      expectedVersion,
      action: 'untrashed',
      scope: 'trash',
      apply: async (tx) => {
        await updateArticle(tx, id, { deletedAt: null });
      },
    });
    return article;
  }

  /** Deletes a trashed story for good, with its history; links to and from it go too. */
  async purge(id: string, expectedVersion: number): Promise<void> {
    await inTransaction(this.ctx.prisma, async (tx) => {
      const now = this.ctx.now();
      const article = await requireArticle(tx, id, NEWSROOM, now, 'trash');
      assertVersion(expectedVersion, article.version);
      // Read before the delete cascades them away: the event names every URL to purge.
      const retired = await retiredSlugsOf(tx, [id]);
      if (!(await deleteArticleAt(tx, id, expectedVersion))) throw new NotFoundError(`No article ${id} in the trash`);
      const gone = { article, deleted: true };
      await recordEvent(tx, {
        action: 'purged',
        before: gone,
        after: gone,
        changedFields: [],
        retiredSlugs: retired.map((r) => r.slug),
        now,
      });
    });
  }
}

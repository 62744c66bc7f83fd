import { NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { inTransaction } from '../../db/transaction.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { findArticle, listArticles, toArticle, toSummary } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import { NEWSROOM } from '../articles/visibility.js';
import { assertVersion } from '../../lib/etag.js';
import type { TrashedArticle } from './trash.schemas.js';


export class TrashService {
  constructor(private readonly ctx: WriteContext) {}

  /** Trashed stories, newest first (by creation, like the article list). */
  async list(limit: number, cursor?: string): Promise<{ data: TrashedArticle[]; nextCursor: string | null }> {
    const now = this.ctx.now();
    const page = await listArticles(this.ctx.prisma, { deletedAt: { not: null } }, limit, cursor);
    return {
      data: page.rows.map((row) => ({ ...toSummary(row), deletedAt: (row.deletedAt ?? now).toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<Article> {
    const row = await findArticle(this.ctx.prisma, { id }, NEWSROOM, this.ctx.now(), 'trash');
    if (!row) throw new NotFoundError(`No article ${id} in the trash`);
    return toArticle(row);
  }

  /** Brings a story back with its captions and links; links from other stories to it reappear too. */
  async restore(id: string, expectedVersion: number): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId: id, expectedVersion, action: 'untrashed', scope: 'trash',
      apply: async (tx) => {
        await tx.article.update({ where: { id }, data: { deletedAt: null } });
      },
    });
    return article;
  }

  /** Deletes a trashed story for good, with its history; links to and from it go too. */
  async purge(id: string, expectedVersion: number): Promise<void> {
    await inTransaction(this.ctx.prisma, async (tx) => {
      const row = await tx.article.findFirst({ where: { id, deletedAt: { not: null } }, select: { version: true, slug: true } });
      if (!row) throw new NotFoundError(`No article ${id} in the trash`);
      assertVersion(expectedVersion, row.version);
      const { count } = await tx.article.deleteMany({ where: { id, version: expectedVersion } });
      if (count !== 1) throw new NotFoundError(`No article ${id} in the trash`);
      await tx.outboxEvent.create({
        data: {
          id: newId(), type: 'article.purged', articleId: id, version: row.version,
          payload: JSON.stringify({ id, slug: row.slug }), createdAt: this.ctx.now(),
        },
      });
    });
  }
}

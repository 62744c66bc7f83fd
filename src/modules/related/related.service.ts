import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { type FullRow, findArticle, toArticle } from '../articles/articles.repository.js';
import { type Viewer, visibleWhere } from '../articles/visibility.js';
import { assertLinkTargets, insertionIndex, renumberLinks } from './related.repository.js';
import type { RelatedInput, RelatedSummary } from './related.schemas.js';

export class RelatedService {
  constructor(private readonly ctx: WriteContext) {}

  /** The links of a story its viewer may see (to stories they may see), with the story (for its caching headers). */
  async list(articleId: string, viewer: Viewer): Promise<{ story: FullRow; related: RelatedSummary[] }> {
    const story = await this.story(articleId, viewer);
    return { story, related: toArticle(story).related };
  }

  private async story(articleId: string, viewer: Viewer): Promise<FullRow> {
    const story = await findArticle(this.ctx.prisma, { id: articleId }, viewer, this.ctx.now());
    if (!story) throw new NotFoundError(`No article ${articleId}`);
    return story;
  }

  async add(
    articleId: string,
    expectedVersion: number,
    input: RelatedInput,
  ): Promise<{ version: number; link: RelatedSummary }> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'related_added',
      apply: async (tx, before, now) => {
        await assertLinkTargets(tx, articleId, [input.articleId]);
        if (before.related.some((link) => link.id === input.articleId)) {
          throw new ConflictError(`Article ${articleId} already links to ${input.articleId}`, 'ALREADY_LINKED', {
            articleId: input.articleId,
          });
        }
        const order = before.related.map((link) => link.id);
        order.splice(await insertionIndex(tx, order, input.position), 0, input.articleId);
        await tx.relatedLink.create({
          data: {
            articleId,
            relatedArticleId: input.articleId,
            position: order.length - 1,
            rel: input.rel,
            createdAt: now,
          },
        });
        await renumberLinks(tx, articleId, order);
      },
    });
    const link = article.related.find((l) => l.id === input.articleId);
    if (!link) throw new NotFoundError(`No article ${input.articleId}`);
    return { version: article.version, link };
  }

  /** Replaces the whole list, in order; existing links keep their `rel`. All or nothing. */
  async replace(
    articleId: string,
    expectedVersion: number,
    targetIds: string[],
    rel = 'related',
  ): Promise<{ version: number; related: RelatedSummary[] }> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'related_replaced',
      apply: async (tx, before, now) => {
        await assertLinkTargets(tx, articleId, targetIds);
        const existing = new Set(before.related.map((link) => link.id));
        await tx.relatedLink.deleteMany({ where: { articleId, relatedArticleId: { notIn: targetIds } } });
        const added = targetIds.filter((id) => !existing.has(id));
        if (added.length) {
          await tx.relatedLink.createMany({
            data: added.map((relatedArticleId) => ({
              articleId,
              relatedArticleId,
              position: targetIds.indexOf(relatedArticleId),
              rel,
              createdAt: now,
            })),
          });
        }
        await renumberLinks(tx, articleId, targetIds);
      },
    });
    return { version: article.version, related: article.related };
  }

  async remove(articleId: string, expectedVersion: number, targetId: string): Promise<{ version: number }> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'related_removed',
      apply: async (tx, before) => {
        if (!before.related.some((link) => link.id === targetId)) {
          throw new NotFoundError(`Article ${articleId} does not link to ${targetId}`);
        }
        await tx.relatedLink.delete({
          where: { articleId_relatedArticleId: { articleId, relatedArticleId: targetId } },
        });
        await renumberLinks(
          tx,
          articleId,
          before.related.map((link) => link.id).filter((id) => id !== targetId),
        );
      },
    });
    return { version: article.version };
  }

  /** The stories that list this one as related, newest link first. */
  async referencedBy(articleId: string, viewer: Viewer): Promise<{ story: FullRow; referencedBy: RelatedSummary[] }> {
    const now = this.ctx.now();
    const story = await this.story(articleId, viewer);
    const links = await this.ctx.prisma.relatedLink.findMany({
      where: { relatedArticleId: articleId, article: visibleWhere(viewer, now) },
      orderBy: [{ createdAt: 'desc' }, { articleId: 'asc' }],
      select: { rel: true, position: true, article: { select: { id: true, slug: true, headline: true } } },
    });
    // A link's position counts the links its article shows this viewer, as in that article's own list.
    const referencedBy = await Promise.all(
      links.map(async (link) => ({
        ...link.article,
        rel: link.rel,
        position: await this.ctx.prisma.relatedLink.count({
          where: {
            articleId: link.article.id,
            position: { lt: link.position },
            relatedArticle: visibleWhere(viewer, now),
          },
        }),
      })),
    );
    return { story, referencedBy };
  }
}

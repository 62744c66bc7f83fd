import type { Viewer } from '../../lib/access.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { deleteLink, deleteLinks, insertLinks, renumberLinks } from '../articles/article-aggregate.repository.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { type FullRow, requireArticleRow, toArticle } from '../articles/articles.repository.js';
import { assertLinkTargets } from '../articles/link-targets.js';
import { insertionIndex, linksTo, shownLinksBefore } from './related.repository.js';
import type { RelatedInput, RelatedSummary } from './related.schemas.js';

export class RelatedService {
  constructor(private readonly ctx: WriteContext) {}

  /** The links of a story its viewer may see (to stories they may see), with the story (for its caching headers). */
  async list(articleId: string, viewer: Viewer): Promise<{ story: FullRow; related: RelatedSummary[] }> {
    const story = await requireArticleRow(this.ctx.prisma, articleId, viewer, this.ctx.now());
    return { story, related: toArticle(story).related };
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
        await insertLinks(
          tx,
          articleId,
          [{ relatedArticleId: input.articleId, position: order.length - 1, rel: input.rel }],
          now,
        );
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
        await deleteLinks(tx, articleId, targetIds);
        const added = targetIds.filter((id) => !existing.has(id));
        await insertLinks(
          tx,
          articleId,
          added.map((relatedArticleId) => ({ relatedArticleId, position: targetIds.indexOf(relatedArticleId), rel })),
          now,
        );
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
        await deleteLink(tx, articleId, targetId);
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
    const story = await requireArticleRow(this.ctx.prisma, articleId, viewer, now);
    const links = await linksTo(this.ctx.prisma, articleId, viewer, now);
    // A link's position counts the links its article shows this viewer, as in that article's own list.
    const referencedBy = await Promise.all(
      links.map(async (link) => ({
        ...link.article,
        rel: link.rel,
        position: await shownLinksBefore(this.ctx.prisma, link.article.id, link.position, viewer, now),
      })),
    );
    return { story, referencedBy };
  }
}

import { NotFoundError, UnprocessableError } from '../../lib/errors.js';
import {
  captionData,
  deleteCaption,
  insertCaptions,
  renumberCaptions,
  updateCaption,
} from '../articles/article-aggregate.repository.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { requireArticle } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import type { Viewer } from '../articles/visibility.js';
import type { Caption, CaptionInput, CaptionPatch } from './captions.schemas.js';

const captionOf = (article: Article, captionId: string): Caption => {
  const caption = article.captions.find((c) => c.id === captionId);
  if (!caption) throw new NotFoundError(`Article ${article.id} has no caption ${captionId}`);
  return caption;
};

export class CaptionsService {
  constructor(private readonly ctx: WriteContext) {}

  async list(articleId: string, viewer: Viewer): Promise<{ article: Article; captions: Caption[] }> {
    const article = await requireArticle(this.ctx.prisma, articleId, viewer, this.ctx.now());
    return { article, captions: article.captions };
  }

  async get(articleId: string, captionId: string, viewer: Viewer): Promise<{ article: Article; caption: Caption }> {
    const { article } = await this.list(articleId, viewer);
    return { article, caption: captionOf(article, captionId) };
  }

  async add(
    articleId: string,
    expectedVersion: number,
    input: CaptionInput,
  ): Promise<{ article: Article; caption: Caption }> {
    const { article, result: id } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'caption_added',
      apply: async (tx, before, now) => {
        const data = captionData(articleId, input, before.captions.length, now);
        await insertCaptions(tx, [data]);
        return data.id;
      },
    });
    return { article, caption: captionOf(article, id) };
  }

  async update(
    articleId: string,
    captionId: string,
    expectedVersion: number,
    patch: CaptionPatch,
  ): Promise<{ article: Article; caption: Caption }> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'caption_updated',
      apply: async (tx, before, now) => {
        captionOf(before, captionId);
        await updateCaption(tx, captionId, { ...patch, updatedAt: now });
      },
    });
    return { article, caption: captionOf(article, captionId) };
  }

  async remove(articleId: string, captionId: string, expectedVersion: number): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'caption_removed',
      apply: async (tx, before) => {
        captionOf(before, captionId);
        await deleteCaption(tx, captionId);
        await renumberCaptions(
          tx,
          before.captions.filter((c) => c.id !== captionId),
        );
      },
    });
    return article;
  }

  /** Puts the captions in the given order, which must name each of them exactly once (422 otherwise). */
  async reorder(articleId: string, expectedVersion: number, captionIds: string[]): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'captions_reordered',
      apply: async (tx, before) => {
        const current = before.captions.map((c) => c.id);
        const isPermutation =
          captionIds.length === current.length &&
          new Set(captionIds).size === captionIds.length &&
          captionIds.every((id) => current.includes(id));
        if (!isPermutation) {
          throw new UnprocessableError(
            'captionIds must list every caption of the article exactly once',
            'NOT_A_PERMUTATION',
            { captionIds: current },
          );
        }
        const byId = new Map(before.captions.map((c) => [c.id, c]));
        await renumberCaptions(
          tx,
          captionIds.flatMap((id) => byId.get(id) ?? []),
        );
      },
    });
    return article;
  }
}

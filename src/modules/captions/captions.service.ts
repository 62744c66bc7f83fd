import type { Viewer } from '../../lib/access.js';
import { NotFoundError, UnprocessableError } from '../../lib/errors.js';
import {
  captionData,
  deleteCaption,
  insertCaptions,
  renumberCaptions,
  updateCaption,
} from '../articles/article-aggregate.repository.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { type FullRow, requireArticleRow, toCaption } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import type { Caption, CaptionInput, CaptionPatch } from './captions.schemas.js';

const captionOf = (article: Pick<Article, 'id' | 'captions'>, captionId: string): Caption => {
  const caption = article.captions.find((c) => c.id === captionId);
  if (!caption) throw new NotFoundError(`Article ${article.id} has no caption ${captionId}`);
  return caption;
};

/** The story's version after a write, and what the write answers with. */
type Written<T = object> = { version: number } & T;

export class CaptionsService {
  constructor(private readonly ctx: WriteContext) {}

  /** The captions of a story its viewer may see, with the story (for its caching headers). */
  async list(articleId: string, viewer: Viewer): Promise<{ story: FullRow; captions: Caption[] }> {
    const story = await requireArticleRow(this.ctx.prisma, articleId, viewer, this.ctx.now());
    return { story, captions: story.captions.map(toCaption) };
  }

  async get(articleId: string, captionId: string, viewer: Viewer): Promise<{ story: FullRow; caption: Caption }> {
    const { story, captions } = await this.list(articleId, viewer);
    return { story, caption: captionOf({ id: articleId, captions }, captionId) };
  }

  async add(articleId: string, expectedVersion: number, input: CaptionInput): Promise<Written<{ caption: Caption }>> {
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
    return { version: article.version, caption: captionOf(article, id) };
  }

  async update(
    articleId: string,
    captionId: string,
    expectedVersion: number,
    patch: CaptionPatch,
  ): Promise<Written<{ caption: Caption }>> {
    const { article } = await changeArticle(this.ctx, {
      articleId,
      expectedVersion,
      action: 'caption_updated',
      apply: async (tx, before, now) => {
        captionOf(before, captionId);
        // A caption is dated to the instant or to the day: setting one clears the other.
        await updateCaption(tx, captionId, {
          ...patch,
          ...(patch.takenAt && { takenOn: null }),
          ...(patch.takenOn && { takenAt: null }),
          updatedAt: now,
        });
      },
    });
    return { version: article.version, caption: captionOf(article, captionId) };
  }

  async remove(articleId: string, captionId: string, expectedVersion: number): Promise<Written> {
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
    return { version: article.version };
  }

  /** Puts the captions in the given order, which must name each of them exactly once (422 otherwise). */
  async reorder(
    articleId: string,
    expectedVersion: number,
    captionIds: string[],
  ): Promise<Written<{ captions: Caption[] }>> {
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
    return { version: article.version, captions: article.captions };
  }
}

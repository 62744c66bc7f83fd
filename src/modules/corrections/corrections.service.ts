import type { Viewer } from '../../lib/access.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { insertCorrection } from '../articles/article-aggregate.repository.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { type FullRow, requireArticleRow, toArticle } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import type { CorrectionCreate } from './corrections.schemas.js';

type Correction = Article['corrections'][number];

/** Public correction, clarification and update notes: appended to a published story, never edited. */
export class CorrectionsService {
  constructor(private readonly ctx: WriteContext) {}

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
}

function correctionOf(article: Pick<Article, 'id' | 'corrections'>, correctionId: string): Correction {
  const correction = article.corrections.find((c) => c.id === correctionId);
  if (!correction) throw new NotFoundError(`Article ${article.id} has no correction ${correctionId}`);
  return correction;
}

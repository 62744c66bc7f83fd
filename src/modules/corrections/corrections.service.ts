import type { Viewer } from '../../lib/access.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { findArticle, toArticle } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import { insertCorrection } from './corrections.repository.js';
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
  ): Promise<{ article: Article; correction: Correction }> {
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
    return { article, correction: correctionOf(article, id) };
  }

  async listCorrections(articleId: string, viewer: Viewer): Promise<Article> {
    const row = await findArticle(this.ctx.prisma, { id: articleId }, viewer, this.ctx.now());
    if (!row) throw new NotFoundError(`No article ${articleId}`);
    return toArticle(row);
  }

  async getCorrection(
    articleId: string,
    correctionId: string,
    viewer: Viewer,
  ): Promise<{ article: Article; correction: Correction }> {
    const article = await this.listCorrections(articleId, viewer);
    return { article, correction: correctionOf(article, correctionId) };
  }
}

function correctionOf(article: Article, correctionId: string): Correction {
  const correction = article.corrections.find((c) => c.id === correctionId);
  if (!correction) throw new NotFoundError(`Article ${article.id} has no correction ${correctionId}`);
  return correction;
}

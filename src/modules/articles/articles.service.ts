import type { Dialect, Tx } from '../../db/client.js';
import { currentDeferredCommit } from '../../db/deferred-commit.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { NEWSROOM, type Viewer } from '../../lib/access.js';
import { currentActor } from '../../lib/actor.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { saveSearchDocument } from '../search/search-index.repository.js';
import { captionData, insertCaptions, insertLinks } from './article-aggregate.repository.js';
import { changeArticle, changedFields, recordRevision, snapshotRow, type WriteContext } from './article-writer.js';
import {
  type FullRow,
  findArticleBySlugOrFormer,
  insertArticle,
  replaceTags,
  requireArticleRow,
  toArticle,
  updateArticle,
} from './articles.repository.js';
import type { Article, ArticleCreate, ArticlePatch } from './articles.schemas.js';
import { readerView } from './bylines.js';
import { CreateBatch } from './create-batch.js';
import { assertCredits, storyView } from './credits.js';
import { replaceAuthors, replaceSubjects } from './credits.repository.js';
import { assertLinkTargets } from './link-targets.js';
import { assignSlug, GENERATED_SLUG_RETRY, retireSlug } from './slugs.js';

export class ArticlesService {
  private readonly batch: CreateBatch | null;

  /** With a dialect, concurrent creates are written together (create-batch.ts). */
  constructor(
    private readonly ctx: WriteContext,
    dialect?: Dialect,
  ) {
    this.batch = dialect ? new CreateBatch(ctx, dialect, (id, input) => this.createOne(id, input)) : null;
  }

  /** Creates a story with its captions and related links in one transaction, as version 1. */
  async create(input: ArticleCreate, outer?: Tx): Promise<Article> {
    const id = newId();
    // A caller's transaction (an Idempotency-Key's too) and a slug asked for are written alone.
    if (this.batch && !outer && input.slug === undefined && !currentDeferredCommit()) {
      return this.batch.create(id, input, this.ctx.actor ?? currentActor());
    }
    return this.createOne(id, input, outer);
  }

  private async createOne(id: string, input: ArticleCreate, outer?: Tx): Promise<Article> {
    try {
      return await inTransaction(
        outer ?? this.ctx.prisma,
        (tx, attempt) => this.insert(tx, id, input, attempt),
        input.slug === undefined ? GENERATED_SLUG_RETRY : {},
      );
    } catch (error) {
      throw translateUnique(error, input.slug);
    }
  }

  private async insert(tx: Tx, id: string, input: ArticleCreate, attempt: number): Promise<Article> {
    const now = this.ctx.now();
    const slug = await assignSlug(tx, input.slug, input.headline, id, attempt);
    const related = input.related ?? [];
    await assertLinkTargets(
      tx,
      null,
      related.map((link) => link.articleId),
    );
    await assertCredits(tx, input);
    await insertArticle(tx, {
      id,
      slug,
      headline: input.headline,
      summary: input.summary ?? null,
      body: input.body ?? '',
      byline: input.byline ?? null,
      source: input.source ?? null,
      section: input.section ?? null,
      language: input.language ?? 'en',
      embargoedUntil: input.embargoedUntil ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await replaceTags(tx, id, input.tags ?? []);
    await replaceAuthors(tx, id, input.authors ?? []);
    await replaceSubjects(tx, id, input.subjects ?? []);
    await insertCaptions(
      tx,
      (input.captions ?? []).map((c, position) => captionData(id, c, position, now)),
    );
    await insertLinks(
      tx,
      id,
      related.map((link, position) => ({ relatedArticleId: link.articleId, position, rel: link.rel })),
      now,
    );
    const row = await snapshotRow(tx, this.ctx.dialect, id);
    const article = toArticle(row);
    await saveSearchDocument(tx, id, article);
    await recordRevision(tx, this.ctx, article, 'created', changedFields({}, article), now);
    return readerView(row, NEWSROOM, article);
  }

  async get(id: string, viewer: Viewer): Promise<Article> {
    return storyView(await this.row(id, viewer), viewer);
  }

  /** The stored story as its viewer may see it, for delivery in any format. */
  async row(id: string, viewer: Viewer): Promise<FullRow> {
    return requireArticleRow(this.ctx.prisma, id, viewer, this.ctx.now());
  }

  /** The story at a slug, or the story that used to have it (for a redirect). */
  async rowBySlug(slug: string, viewer: Viewer): Promise<{ row: FullRow } | { movedTo: FullRow }> {
    const row = await findArticleBySlugOrFormer(this.ctx.prisma, slug, viewer, this.ctx.now());
    if (!row) throw new NotFoundError(`No article with slug "${slug}"`);
    return row.slug === slug ? { row } : { movedTo: row };
  }

  async update(id: string, expectedVersion: number, patch: ArticlePatch): Promise<Article> {
    try {
      const { article } = await changeArticle(this.ctx, {
        articleId: id,
        expectedVersion,
        action: 'updated',
        unchangedIsNoop: true,
        apply: async (tx, before, now) => {
          const { tags, slug, body, authors, subjects, ...fields } = patch;
          await assertCredits(tx, patch);
          if (slug !== undefined && slug !== before.slug) {
            await assignSlug(tx, slug, before.headline, id);
            await retireSlug(tx, id, before.slug, slug, before.firstPublishedAt !== null, now);
          }
          await updateArticle(tx, id, {
            ...fields,
            ...(slug !== undefined && { slug }),
            ...(body !== undefined && { body }),
          });
          if (tags !== undefined) await replaceTags(tx, id, tags);
          if (authors !== undefined) await replaceAuthors(tx, id, authors);
          if (subjects !== undefined) await replaceSubjects(tx, id, subjects);
        },
      });
      return article;
    } catch (error) {
      throw translateUnique(error, patch.slug);
    }
  }

  /** Moves a story to the trash: hidden everywhere, slug still reserved, restorable. */
  async trash(id: string, expectedVersion: number): Promise<Article> {
    const { article } = await changeArticle(this.ctx, {
      articleId: id,
      expectedVersion,
      action: 'trashed',
      apply: async (tx, _before, now) => {
        await updateArticle(tx, id, { deletedAt: now });
      },
    });
    return article;
  }
}

export function translateUnique(error: unknown, slug: string | undefined): unknown {
  // A contributor or subject checked by the write was deleted before it committed: the retry gets the 422.
  if (isForeignKeyViolation(error)) {
    return new ConflictError(
      'A contributor or subject the story names was deleted at the same time: retry',
      'WRITE_CONFLICT',
    );
  }
  if (!isUniqueViolation(error)) return error;
  if (slug) return new ConflictError(`The slug "${slug}" is taken by another story`, 'SLUG_TAKEN', { slug });
  return new ConflictError('A conflicting story was written at the same time: retry', 'WRITE_CONFLICT');
}

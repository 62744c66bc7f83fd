import {
  ARTICLE_AUTHORS,
  ARTICLE_SUBJECTS,
  ARTICLE_TAGS,
  ARTICLES,
  CAPTIONS,
  insertRows,
  OUTBOX_EVENTS,
  RELATED_LINKS,
  REVISIONS,
  SEARCH_DOCUMENTS,
} from '../../db/bulk-insert.js';
import type { Dialect, Tx } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { NEWSROOM } from '../../lib/access.js';
import { runAs } from '../../lib/actor.js';
import { searchDocumentOf } from '../search/search-index.repository.js';
import { captionData, newArticleRow } from './article-aggregate.repository.js';
import { changedFields, revisionRows, type WriteContext } from './article-writer.js';
import { type FullRow, findArticlesForSnapshot, toArticle } from './articles.repository.js';
import type { Article, ArticleCreate } from './articles.schemas.js';
import { assignSlugs } from './batch-slugs.js';
import { readerView } from './bylines.js';
import { assertCredits } from './credits.js';
import { assertLinkTargets } from './link-targets.js';

/** A create waiting for the write in progress to end. */
interface Waiting {
  id: string;
  input: ArticleCreate;
  actor: string | null;
  resolve(article: Article): void;
  reject(error: unknown): void;
}

/** Most creates written in one transaction. */
const MOST_PER_BATCH = 50;

/**
 * Group commit for POST /v1/articles. A create that arrives while none is being written is
 * written at once, on its own; creates that arrive meanwhile wait, and are then written together
 * in one transaction with one statement per table (where alone each costs about twenty), and each
 * is answered after that commit, so every 201 is as durable as before. If the batch fails (a lost
 * slug race, a link to a story trashed meanwhile), each of its creates is written again on its
 * own, and fails or succeeds exactly as it would have alone.
 */
export class CreateBatch {
  private readonly waiting: Waiting[] = [];
  private writing = false;
  private scheduled = false;

  constructor(
    private readonly ctx: WriteContext,
    private readonly dialect: Dialect,
    /** The ordinary create of one story, in its own transaction. */
    private readonly single: (id: string, input: ArticleCreate) => Promise<Article>,
  ) {}

  create(id: string, input: ArticleCreate, actor: string | null): Promise<Article> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, input, actor, resolve, reject });
      if (this.writing || this.scheduled) return;
      // After the requests that arrived with this one: on SQLite a transaction runs from start to
      // commit without giving other requests a turn, so they gather between writes, not during one.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length) await this.write(this.waiting.splice(0, MOST_PER_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const articles = await inTransaction(this.ctx.prisma, (tx, attempt) => this.insert(tx, batch, attempt));
        for (const [index, item] of batch.entries()) item.resolve(articles[index] as Article);
        return;
      } catch {
        // Written one by one below: each gets the answer it would have had alone.
      }
    }
    for (const item of batch) {
      await new Promise<void>((done) =>
        runAs(item.actor, () => {
          this.single(item.id, item.input).then(item.resolve, item.reject).finally(done);
        }),
      );
    }
  }

  /** The stories of the batch as ArticlesService.create writes one: version 1, a revision, an outbox event. */
  private async insert(tx: Tx, batch: Waiting[], attempt: number): Promise<Article[]> {
    const now = this.ctx.now();
    for (const { input } of batch) {
      await assertLinkTargets(
        tx,
        null,
        (input.related ?? []).map((l) => l.articleId),
      );
      await assertCredits(tx, input);
    }
    const slugs = await assignSlugs(
      tx,
      batch.map(({ id, input }) => ({ id, headline: input.headline })),
      attempt,
    );
    const insert = (table: Parameters<typeof insertRows>[2], rows: Array<Record<string, unknown>>) =>
      insertRows(tx, this.dialect, table, rows);
    await insert(
      ARTICLES,
      batch.map(({ id, input }, index) => newArticleRow(id, slugs[index] as string, input, now)),
    );
    await insert(
      ARTICLE_TAGS,
      batch.flatMap(({ id, input }) => (input.tags ?? []).map((tag, position) => ({ articleId: id, position, tag }))),
    );
    await insert(
      ARTICLE_AUTHORS,
      batch.flatMap(({ id, input }) => (input.authors ?? []).map((a, position) => ({ articleId: id, position, ...a }))),
    );
    await insert(
      ARTICLE_SUBJECTS,
      batch.flatMap(({ id, input }) =>
        (input.subjects ?? []).map((s, position) => ({ articleId: id, position, ...s })),
      ),
    );
    await insert(
      CAPTIONS,
      batch.flatMap(({ id, input }) => (input.captions ?? []).map((c, position) => captionData(id, c, position, now))),
    );
    await insert(
      RELATED_LINKS,
      batch.flatMap(({ id, input }) =>
        (input.related ?? []).map((link, position) => ({
          articleId: id,
          relatedArticleId: link.articleId,
          position,
          rel: link.rel,
          createdAt: now,
        })),
      ),
    );
    const rows = new Map(
      (
        await findArticlesForSnapshot(
          tx,
          batch.map((item) => item.id),
          now,
        )
      ).map((row) => [row.id, row]),
    );
    const stored = batch.map(({ id }) => rows.get(id) as FullRow);
    const articles = stored.map(toArticle);
    await insert(
      SEARCH_DOCUMENTS,
      articles.map((article) => ({ ...searchDocumentOf(article.id, article) })),
    );
    const records = articles.map((article, index) =>
      revisionRows(
        { ...this.ctx, actor: (batch[index] as Waiting).actor },
        article,
        'created',
        changedFields({}, article),
        now,
      ),
    );
    await insert(
      REVISIONS,
      records.map((r) => r.revision),
    );
    await insert(
      OUTBOX_EVENTS,
      records.map((r) => r.event),
    );
    return articles.map((article, index) => readerView(stored[index] as FullRow, NEWSROOM, article));
  }
}

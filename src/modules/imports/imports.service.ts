import type { Dialect } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction, type TransactionOptions } from '../../db/transaction.js';
import { NEWSROOM } from '../../lib/access.js';
import { AppError, ConflictError, PreconditionFailedError, UnprocessableError } from '../../lib/errors.js';
import { snapshotRow, type WriteContext } from '../articles/article-writer.js';
import type { Article } from '../articles/articles.schemas.js';
import { storyView } from '../articles/credits.js';
import { GENERATED_SLUG_RETRY } from '../articles/slugs.js';
import { StoryParseError } from '../story-format/story-format.js';
import { type PreparedStory, tryPrepareStory } from '../story-format/story-preparation.js';
import { BatchWriter, type StoryRef, type WriteOutcome, type WritePlan } from './batch-writer.js';
import { findByHeadlineKeys, knownImportKeys } from './imports.repository.js';
import type { ImportStatus, StoryDating } from './imports.schemas.js';
import type { DatedStory } from './story-dating.js';

export interface ImportOptions {
  status?: ImportStatus;
  /** How the new stories are dated: by default a published story now, a draft when it is published. */
  dating?: StoryDating;
  /** Replaces the story's own source line. */
  sourceOverride?: string;
  /** Check everything, write nothing. */
  dryRun?: boolean;
}

export interface ImportResult {
  /** In a dry run, `imported` means "would be imported". */
  outcome: 'imported' | 'skipped' | 'failed';
  headline?: string;
  articleId?: string;
  /** The created article (not in a dry run). */
  article?: Article;
  reason?: string;
  /** Related headlines that matched no story: kept pending until a story with that headline arrives. */
  unresolvedRelated: string[];
  /** Earlier stories that named this one and got their link to it. */
  linked?: StoryRef[];
}

/** What a dry run over several batches has seen so far, since it leaves no trace in the database. */
export interface DryRunMemory {
  importKeys: Set<string>;
  headlineKeys: Set<string>;
}

/** GENERATED_SLUG_RETRY, and a waiting story that another import's link moved to a new version (read again). */
const IMPORT_RETRY: TransactionOptions = {
  retry: {
    attempts: 8,
    when: (error) => error instanceof PreconditionFailedError || GENERATED_SLUG_RETRY.retry?.when(error) === true,
  },
};

/** One line per failed story in the summary: driver errors span several lines, the last one says why. */
function describeError(error: unknown): string {
  if (error instanceof StoryParseError) return error.reason;
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? 'unknown error'
  );
}

/**
 * The one way stories come in from the plain-text format, for the CLI, the HTTP route and the
 * benchmark alike: parse, check against the same rules as the API, then write each story with its
 * captions and links in one transaction.
 */
export class ImportsService {
  private readonly writer: BatchWriter;

  constructor(
    private readonly ctx: WriteContext,
    dialect: Dialect,
  ) {
    this.writer = new BatchWriter(ctx, dialect);
  }

  /** Imports one story in its own transaction. */
  async importStory(text: string, options: ImportOptions = {}): Promise<ImportResult> {
    const [result] = await this.importBatch([text], options);
    return result as ImportResult;
  }

  /**
   * Imports stories in one transaction, falling back to one transaction per story when the batch
   * fails, so a story is stored whole or not at all and one bad story never sinks the others.
   */
  async importBatch(texts: string[], options: ImportOptions = {}, memory?: DryRunMemory): Promise<ImportResult[]> {
    return this.importPrepared(
      texts.map((text) => failedOrStory(tryPrepareStory(text, options.sourceOverride))),
      options,
      memory,
    );
  }

  /** importBatch for stories already prepared (by prepareStory, possibly in a worker thread). */
  async importPrepared(
    prepared: Array<DatedStory | ImportResult>,
    options: ImportOptions = {},
    memory?: DryRunMemory,
  ): Promise<ImportResult[]> {
    if (options.dryRun) return this.check(prepared, memory ?? { importKeys: new Set(), headlineKeys: new Set() });
    const stories = prepared.filter((p): p is DatedStory => !('outcome' in p));
    // A batch of stories that are all already present needs no write transaction at all.
    const known = await knownImportKeys(
      this.ctx.prisma,
      stories.map((s) => s.importKey),
    );
    if (stories.every((story) => known.has(story.importKey))) {
      return prepared.map((p) => ('outcome' in p ? p : skipped(p, known.get(p.importKey) as string)));
    }
    const plan: WritePlan = { status: options.status ?? 'draft', dating: options.dating ?? {} };
    if (stories.length > 1) {
      try {
        const written = await inTransaction(this.ctx.prisma, (tx) => this.writer.write(tx, stories, plan));
        let next = 0;
        return prepared.map((p) => ('outcome' in p ? p : toResult(p, written[next++] as WriteOutcome)));
      } catch {
        // Retried story by story below, which names the story that failed.
      }
    }
    const results: ImportResult[] = [];
    const isBatch = stories.length > 1;
    for (const p of prepared) results.push('outcome' in p ? p : await this.writeAlone(p, plan, isBatch));
    return results;
  }

  /** For POST /v1/imports: the created article, or the one this story was imported as before. */
  async importOne(text: string, options: ImportOptions): Promise<{ created: boolean; article: Article }> {
    const result = await this.importStory(text, { ...options, dryRun: false });
    if (result.outcome === 'failed') {
      const reason = result.reason ?? 'the story cannot be read';
      throw new UnprocessableError(`The story cannot be imported: ${reason}`, 'UNPARSABLE_STORY', { reason });
    }
    if (result.article) return { created: true, article: result.article };
    const row = await snapshotRow(this.ctx.prisma, this.ctx.dialect, result.articleId as string);
    if (row.deletedAt) {
      throw new ConflictError(
        `This story was imported before as article ${row.id}, which is in the trash: restore it instead.`,
        'IMPORTED_STORY_IN_TRASH',
        { articleId: row.id },
      );
    }
    return { created: false, article: storyView(row, NEWSROOM) };
  }

  /**
   * Writes one story in its own transaction. In a batch run, any failure of that story (even a
   * database error) is reported against it and the run goes on; alone, unexpected errors propagate.
   */
  private async writeAlone(story: DatedStory, plan: WritePlan, isBatch: boolean): Promise<ImportResult> {
    try {
      // Another import of the same story (then skipped on the next attempt), a story taking the
      // same slug, or one linking the same waiting story, may commit first: the transaction runs again.
      const [written] = await inTransaction(
        this.ctx.prisma,
        (tx, attempt) => this.writer.write(tx, [story], plan, attempt),
        IMPORT_RETRY,
      );
      return toResult(story, written as WriteOutcome);
    } catch (error) {
      if (isBatch || error instanceof AppError || isUniqueViolation(error)) {
        return {
          outcome: 'failed',
          headline: story.input.headline,
          reason: describeError(error),
          unresolvedRelated: [],
        };
      }
      throw error;
    }
  }

  /** A dry run: the same checks and the same related-headline matching, read-only. */
  private async check(prepared: Array<PreparedStory | ImportResult>, memory: DryRunMemory): Promise<ImportResult[]> {
    const stories = prepared.filter((p): p is PreparedStory => !('outcome' in p));
    const known = await knownImportKeys(
      this.ctx.prisma,
      stories.map((s) => s.importKey),
    );
    const found = await findByHeadlineKeys(this.ctx.prisma, [
      ...new Set(stories.flatMap((s) => s.related.map((t) => t.key))),
    ]);
    return prepared.map((p) => {
      if ('outcome' in p) return p;
      const headline = p.input.headline;
      if (known.has(p.importKey) || memory.importKeys.has(p.importKey))
        return { outcome: 'skipped', headline, unresolvedRelated: [] };
      memory.importKeys.add(p.importKey);
      memory.headlineKeys.add(p.headlineKey);
      const unresolved = p.related.filter((t) => !found.has(t.key) && !memory.headlineKeys.has(t.key));
      return { outcome: 'imported', headline, unresolvedRelated: unresolved.map((t) => t.headline) };
    });
  }
}

/** A story to write, or the failed result for text that is not one. */
export const failedOrStory = <T extends PreparedStory>(prepared: T | { failed: string }): T | ImportResult =>
  'failed' in prepared ? { outcome: 'failed', reason: prepared.failed, unresolvedRelated: [] } : prepared;

const skipped = (story: PreparedStory, articleId: string): ImportResult => ({
  outcome: 'skipped',
  headline: story.input.headline,
  articleId,
  unresolvedRelated: [],
});

function toResult(story: PreparedStory, written: WriteOutcome): ImportResult {
  const headline = story.input.headline;
  if (written.outcome === 'skipped') return skipped(story, written.articleId);
  return {
    outcome: 'imported',
    headline,
    articleId: written.article.id,
    article: written.article,
    unresolvedRelated: written.unresolved.map((title) => title.headline),
    linked: written.linked,
  };
}

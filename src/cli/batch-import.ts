import type { FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ArchiveRestoreService, ExportLine, RestoreResult } from '../modules/archive/restore.service.js';
import {
  type DryRunMemory,
  failedOrStory,
  type ImportOptions,
  type ImportResult,
  type ImportsService,
} from '../modules/imports/imports.service.js';
import { type DatedStory, lacksAskedDate } from '../modules/imports/story-dating.js';
import { headlineKey } from '../modules/story-format/story-format.js';
import { openRegularFile } from './file-reading.js';
import { type PreparedFile, prepareFiles } from './prepare-files.js';
import type { PreparePool } from './prepare-pool.js';

export interface ImportProgress {
  /** More work than announced at the start: the articles of an export file. */
  grow(items: number): void;
  advance(items: number): void;
}

/** A story the run made (or, in a dry run, would make: then without id and slug). */
export interface CreatedStory {
  file: string;
  headline?: string;
  id?: string;
  slug?: string;
}

export interface ImportSummary {
  dryRun: boolean;
  created: CreatedStory[];
  /** Stories that were there before the run and got a related link to one it imported. */
  updated: Array<{ id: string; slug: string }>;
  /** Already present: the file and, where known, the article it was imported as. */
  skipped: Array<{ file: string; id?: string }>;
  failed: Array<{ file: string; reason: string }>;
  /** Related titles that matched no story, not even one imported later in the run: kept pending. */
  notFound: Array<{ headline: string; namedBy: string[] }>;
  linksRestored: number;
  /** With caption dates asked for: the stories made whose captions give no date, so dated as by default. */
  undated?: Array<{ file: string; id?: string }>;
}

export interface BatchImportOptions extends ImportOptions {
  /** Stories per transaction. */
  batchSize?: number;
  /** Prepares the next batch in a worker thread while this one is written. */
  pool?: PreparePool;
  /** Story files larger than this are refused (NDJSON exports are read line by line, whatever their size). */
  maxFileBytes?: number;
}

const EXPORT_EXTENSION = /\.(ndjson|jsonl)$/i;

type LineSource = () => AsyncIterable<string> | Iterable<string>;

/** The lines of an open file, from its start each time (a restore reads an export more than once). */
const fileLines =
  (handle: FileHandle): LineSource =>
  () =>
    createInterface({ input: handle.createReadStream({ start: 0, autoClose: false }), crlfDelay: Infinity });
const textLines =
  (text: string): LineSource =>
  () =>
    text.split(/\r?\n/);

async function* chunks(source: LineSource, size: number): AsyncGenerator<ExportLine[]> {
  let chunk: ExportLine[] = [];
  let line = 0;
  for await (const text of source()) {
    line += 1;
    if (text.trim() === '') continue;
    chunk.push({ line, text });
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/**
 * Imports story files (and NDJSON exports) in batches, going past files that fail, and keeps the
 * tally the CLI and the benchmark print. Memory stays flat: a batch at a time, plus the list of
 * related titles still unmatched.
 */
export class BatchImport {
  private readonly summary: ImportSummary;
  private readonly unresolved = new Map<string, { headline: string; namedBy: string[] }>();
  private readonly updated = new Map<string, { id: string; slug: string }>();
  private readonly memory: DryRunMemory = { importKeys: new Set(), headlineKeys: new Set() };
  private readonly batchSize: number;

  constructor(
    private readonly services: { imports: ImportsService; archiveRestore: ArchiveRestoreService },
    private readonly options: BatchImportOptions,
    private readonly progress: ImportProgress,
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.summary = {
      dryRun: options.dryRun ?? false,
      created: [],
      updated: [],
      skipped: [],
      failed: [],
      notFound: [],
      linksRestored: 0,
      ...(options.dating?.dateFrom === 'caption' && options.dating.publishedAt === undefined && { undated: [] }),
    };
  }

  async run(files: string[]): Promise<ImportSummary> {
    const steps = this.plan(files);
    let ahead: Promise<PreparedFile[]> | undefined;
    for (const [index, step] of steps.entries()) {
      if (typeof step === 'string') {
        await this.restoreFile(step);
        continue;
      }
      const prepared = await (ahead ?? this.prepare(step));
      const next = steps[index + 1];
      // Read and parse the next batch (in the worker, when there is one) while this one is written.
      ahead = next !== undefined && typeof next !== 'string' ? this.prepare(next) : undefined;
      // Awaited on the next turn; until then a failure must not count as unhandled.
      ahead?.catch(() => undefined);
      await this.importFiles(prepared);
    }
    this.summary.notFound = [...this.unresolved.values()];
    const created = new Set(this.summary.created.map((story) => story.id));
    this.summary.updated = [...this.updated.values()].filter((story) => !created.has(story.id));
    return this.summary;
  }

  /** Batches of story files, with each NDJSON export (by its extension) as a step of its own. */
  private plan(files: string[]): Array<string | string[]> {
    const steps: Array<string | string[]> = [];
    let batch: string[] = [];
    for (const file of files) {
      if (EXPORT_EXTENSION.test(file) || batch.length >= this.batchSize) {
        if (batch.length) steps.push(batch);
        batch = [];
      }
      if (EXPORT_EXTENSION.test(file)) steps.push(file);
      else batch.push(file);
    }
    if (batch.length) steps.push(batch);
    return steps;
  }

  private prepare(files: string[]): Promise<PreparedFile[]> {
    const { pool, sourceOverride, maxFileBytes } = this.options;
    const options = {
      ...(sourceOverride !== undefined && { sourceOverride }),
      ...(maxFileBytes !== undefined && { maxFileBytes }),
    };
    return pool ? pool.prepare(files, options) : prepareFiles(files, options);
  }

  private async importFiles(prepared: PreparedFile[]): Promise<void> {
    const stories = prepared.filter((p): p is Exclude<PreparedFile, { exportText: string }> => !('exportText' in p));
    const results = await this.services.imports.importPrepared(
      stories.map((p) => failedOrStory('story' in p ? p.story : p)),
      this.options,
      this.memory,
    );
    for (const [index, result] of results.entries()) {
      const entry = stories[index] as PreparedFile;
      this.tally(entry.file, result, 'story' in entry ? entry.story : undefined);
    }
    this.progress.advance(stories.length);
    for (const p of prepared) if ('exportText' in p) await this.restore(p.file, textLines(p.exportText));
  }

  private tally(file: string, result: ImportResult, dated?: DatedStory): void {
    if (result.outcome === 'failed') {
      this.fail(file, result.reason ?? 'unknown reason');
      return;
    }
    if (result.outcome === 'skipped') {
      this.summary.skipped.push({ file, ...(result.articleId !== undefined && { id: result.articleId }) });
      return;
    }
    this.created(file, result.headline, result.article);
    if (dated && this.summary.undated && lacksAskedDate(dated, this.options.dating ?? {})) {
      this.summary.undated.push({ file, ...(result.article && { id: result.article.id }) });
    }
    for (const story of result.linked ?? []) this.updated.set(story.id, story);
    if (result.headline !== undefined) this.unresolved.delete(headlineKey(result.headline));
    for (const headline of result.unresolvedRelated) {
      const key = headlineKey(headline);
      const entry = this.unresolved.get(key) ?? { headline, namedBy: [] };
      entry.namedBy.push(file);
      this.unresolved.set(key, entry);
    }
  }

  private created(file: string, headline?: string, article?: { id: string; slug: string }): void {
    this.summary.created.push({
      file,
      ...(headline !== undefined && { headline }),
      ...(article && { id: article.id, slug: article.slug }),
    });
  }

  private fail(file: string, reason: string): void {
    this.summary.failed.push({ file, reason });
  }

  /** An NDJSON export named by its extension: refused unless it is a regular file, like a story file. */
  private async restoreFile(file: string): Promise<void> {
    const opened = await openRegularFile(file);
    if ('failed' in opened) {
      this.fail(file, opened.failed);
      this.progress.advance(1);
      return;
    }
    try {
      await this.restore(file, fileLines(opened.handle));
    } finally {
      await opened.handle.close();
    }
  }

  /** An NDJSON export: articles first, then, once all exist, their related links. */
  private async restore(file: string, source: LineSource): Promise<void> {
    let lines = 0;
    for await (const chunk of chunks(source, this.batchSize)) lines += chunk.length;
    this.progress.grow(lines - 1);
    for await (const chunk of chunks(source, this.batchSize)) {
      const results = await this.services.archiveRestore.restoreArticles(chunk, this.options.dryRun);
      for (const result of results) this.tallyRestored(file, result);
      this.progress.advance(chunk.length);
    }
    if (this.options.dryRun) return;
    for await (const chunk of chunks(source, this.batchSize)) {
      this.summary.linksRestored += await this.services.archiveRestore.restoreLinks(chunk);
    }
  }

  private tallyRestored(file: string, result: RestoreResult): void {
    const { outcome, articleId: id, slug, headline } = result;
    if (outcome === 'failed') this.fail(file, result.reason ?? `line ${result.line}: unknown reason`);
    else if (outcome === 'skipped') this.summary.skipped.push({ file, ...(id !== undefined && { id }) });
    else this.created(file, headline, this.options.dryRun || !id || !slug ? undefined : { id, slug });
  }
}

import type { Db, Dialect, Tx } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { findUnsafeText } from '../../lib/unsafe-text.js';
import { type ExportDocument, ExportDocumentSchema } from './export-document.js';
import { articleExists, type ExportedLink, insertExported, insertMissingLinks } from './restore.repository.js';

export interface ExportLine {
  /** 1-based line number in the export file, for messages. */
  line: number;
  text: string;
}

export interface RestoreResult {
  line: number;
  outcome: 'imported' | 'skipped' | 'failed';
  articleId?: string;
  /** Of an article restored (or that would be). */
  slug?: string;
  headline?: string;
  reason?: string;
}

class BadLineError extends Error {}

type ParsedLine = { line: number; doc: ExportDocument } | { line: number; failed: string };

const notAnArticle = (line: number, problems: string[]) =>
  new BadLineError(`line ${line} is not an article of an NDJSON export (${problems.join('; ')})`);

function parseLine({ line, text }: ExportLine): ExportDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadLineError(`line ${line} is not JSON`);
  }
  // The API's own rule on text (NUL, lone surrogates), before anything reaches a database: SQLite
  // would store a NUL, Postgres refuses it with a raw error. A story may have any number of revisions.
  const unsafe = findUnsafeText(json, '', Number.POSITIVE_INFINITY);
  if (unsafe) throw notAnArticle(line, [`${unsafe.path}: ${unsafe.message}`]);
  const parsed = ExportDocumentSchema.safeParse(json);
  if (!parsed.success) {
    throw notAnArticle(
      line,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return parsed.data;
}

const restored = ({ line, doc: { article } }: { line: number; doc: ExportDocument }): RestoreResult => ({
  line,
  outcome: 'imported',
  articleId: article.id,
  slug: article.slug,
  headline: article.headline,
});

function reasonOf(error: unknown, line: number): string {
  if (error instanceof BadLineError) return error.message;
  if (isUniqueViolation(error))
    return `line ${line} conflicts with an existing article (same slug, revision or import key)`;
  return `line ${line}: ${error instanceof Error ? error.message.split('\n').filter(Boolean).at(-1) : String(error)}`;
}

/**
 * Restores an NDJSON export (see exports/export-document.ts) as it was: ids, slugs, versions,
 * timestamps, captions, links, history. Articles already present (same id) are left alone, so a
 * restore can be re-run or resumed. Links are restored in a second pass over the file, once every
 * story exists, because a story may link to one that comes later in the export.
 */
export class ArchiveRestoreService {
  constructor(
    private readonly prisma: Db,
    private readonly dialect: Dialect,
    private readonly now: () => Date,
  ) {}

  /** First pass: the articles of these lines, in one transaction, else one per line. */
  async restoreArticles(lines: ExportLine[], dryRun = false): Promise<RestoreResult[]> {
    const docs = lines.map((line): ParsedLine => {
      try {
        return { line: line.line, doc: parseLine(line) };
      } catch (error) {
        return { line: line.line, failed: reasonOf(error, line.line) };
      }
    });
    if (dryRun) {
      return Promise.all(
        docs.map(async (d): Promise<RestoreResult> => {
          if (!('doc' in d)) return { line: d.line, outcome: 'failed', reason: d.failed };
          const present = await articleExists(this.prisma, d.doc.article.id);
          return present ? { line: d.line, outcome: 'skipped', articleId: d.doc.article.id } : restored(d);
        }),
      );
    }
    const restoreOne = async (tx: Tx, d: ParsedLine): Promise<RestoreResult> => {
      if (!('doc' in d)) return { line: d.line, outcome: 'failed', reason: d.failed };
      const { id } = d.doc.article;
      if (await articleExists(tx, id)) return { line: d.line, outcome: 'skipped', articleId: id };
      await insertExported(tx, this.dialect, d.doc, this.now());
      return restored(d);
    };
    try {
      return await inTransaction(this.prisma, async (tx) => {
        const results: RestoreResult[] = [];
        for (const d of docs) results.push(await restoreOne(tx, d));
        return results;
      });
    } catch {
      const results: RestoreResult[] = [];
      for (const d of docs) {
        try {
          results.push(await inTransaction(this.prisma, (tx) => restoreOne(tx, d)));
        } catch (error) {
          results.push({ line: d.line, outcome: 'failed', reason: reasonOf(error, d.line) });
        }
      }
      return results;
    }
  }

  /** Second pass: the related links of these lines that are missing. Returns how many were added. */
  async restoreLinks(lines: ExportLine[]): Promise<number> {
    const links: ExportedLink[] = [];
    for (const line of lines) {
      try {
        const doc = parseLine(line);
        for (const { relatedArticleId, ...row } of doc.related)
          links.push({ articleId: doc.article.id, relatedArticleId, row: { relatedArticleId, ...row } });
      } catch {
        // Reported by the first pass.
      }
    }
    return inTransaction(this.prisma, (tx) => insertMissingLinks(tx, links));
  }
}

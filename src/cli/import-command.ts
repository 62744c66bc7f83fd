import type { DateSource, ImportStatus } from '../modules/imports/imports.schemas.js';
import type { ImportSummary } from './batch-import.js';
import { BatchImport } from './batch-import.js';
import { withCli } from './context.js';
import { expandInputs } from './input-files.js';
import { writeOutput } from './output.js';
import { PreparePool } from './prepare-pool.js';
import { printableJson, printableName, printableText } from './printable.js';
import { createProgress } from './progress.js';

export interface ImportCommandOptions {
  status: ImportStatus;
  dryRun?: boolean;
  source?: string;
  publishedAt?: Date;
  dateFrom?: DateSource;
  maxFileSize?: number;
  /** Print the summary as JSON. */
  json?: boolean;
  /** Write the summary to this file instead of stdout. */
  output?: string;
}

const LISTED = 50;

function listed<T>(items: T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, LISTED).map((item) => `  - ${line(item)}`);
  if (items.length > LISTED) lines.push(`  … and ${items.length - LISTED} more`);
  return lines;
}

export function formatSummary(summary: ImportSummary): string {
  const lines = summary.dryRun ? ['Dry run: nothing was written.'] : [];
  const stories = (mark: string, list: Array<{ id?: string; slug?: string }>) =>
    list.flatMap((story) => (story.id ? [`  ${mark} ${story.id} ${story.slug}`] : []));
  lines.push(
    `${summary.dryRun ? 'Would import' : 'Imported'}: ${summary.created.length}`,
    ...stories('+', summary.created),
  );
  if (summary.updated.length) {
    lines.push(`Updated (linked to a story imported now): ${summary.updated.length}`, ...stories('~', summary.updated));
  }
  lines.push(
    `Skipped (already present): ${summary.skipped.length}`,
    `Failed: ${summary.failed.length}`,
    ...listed(summary.failed, (f) => `${printableName(f.file)}: ${printableText(f.reason)}`),
  );
  if (summary.undated?.length) {
    lines.push(
      `No caption date (dated as published, as without --date-from): ${summary.undated.length}`,
      ...listed(summary.undated, (story) => printableName(story.file)),
    );
  }
  if (summary.linksRestored) lines.push(`Related links restored: ${summary.linksRestored}`);
  lines.push(
    `Related titles not found: ${summary.notFound.length}` +
      (summary.notFound.length ? ' (kept pending: linked when a story with that headline is imported)' : ''),
    ...listed(
      summary.notFound,
      (t) => `"${printableText(t.headline)}" (named by ${t.namedBy.map(printableName).join(', ')})`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** The summary for programs (`--json`): every story made, changed, skipped or refused, with ids and slugs. */
export function jsonSummary(summary: ImportSummary): string {
  const { notFound, ...rest } = summary;
  return `${printableJson({ ...rest, relatedNotFound: notFound })}\n`;
}

/** `cms import <file|dir|glob>...`: exit code 0 when every file was imported or skipped, 1 when any failed. */
export async function importCommand(inputs: string[], options: ImportCommandOptions): Promise<number> {
  const dating = {
    ...(options.publishedAt !== undefined && { publishedAt: options.publishedAt }),
    ...(options.dateFrom !== undefined && { dateFrom: options.dateFrom }),
  };
  const { files, missing } = await expandInputs(inputs);
  return withCli(async ({ services }) => {
    const progress = createProgress(options.dryRun ? 'import (dry run)' : 'import', files.length);
    const pool = new PreparePool();
    const run = new BatchImport(
      services,
      {
        status: options.status,
        dating,
        dryRun: options.dryRun ?? false,
        pool,
        ...(options.source !== undefined && { sourceOverride: options.source }),
        ...(options.maxFileSize !== undefined && { maxFileBytes: options.maxFileSize }),
      },
      progress,
    );
    const summary = await run.run(files).finally(() => pool.close());
    progress.stop();
    summary.failed.unshift(...missing);
    const text = options.json ? jsonSummary(summary) : formatSummary(summary);
    await writeOutput(options.output, async (out) => void out.write(text));
    return summary.failed.length ? 1 : 0;
  });
}

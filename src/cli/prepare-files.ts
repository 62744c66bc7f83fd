import type { DatedStory } from '../modules/imports/story-dating.js';
import { tryPrepareStory } from '../modules/story-format/story-preparation.js';
import { readTextFile } from './file-reading.js';

/** One file of an import, read and prepared: a story, an NDJSON export to restore, or a failure. */
export type PreparedFile =
  | { file: string; story: DatedStory }
  | { file: string; exportText: string }
  | { file: string; failed: string };

export interface PrepareOptions {
  /** Replaces every story's own source line. */
  sourceOverride?: string;
  /** Larger files are refused (file-reading.ts has the default). */
  maxFileBytes?: number;
}

/** Files read at the same time: each may be as large as the bound, so not a whole batch at once. */
const READ_CONCURRENCY = 8;

async function prepareFile(file: string, options: PrepareOptions): Promise<PreparedFile> {
  const read = await readTextFile(file, options.maxFileBytes);
  if ('failed' in read) return { file, failed: read.failed };
  if (read.text.trimStart().startsWith('{')) return { file, exportText: read.text };
  const prepared = tryPrepareStory(read.text, options.sourceOverride);
  return 'failed' in prepared
    ? { file, failed: prepared.failed }
    : { file, story: { ...prepared, modifiedAt: read.modifiedAt } };
}

/** Reads and prepares story files, in order; a file whose text starts with "{" is taken for an NDJSON export. */
export async function prepareFiles(files: string[], options: PrepareOptions = {}): Promise<PreparedFile[]> {
  const results: PreparedFile[] = new Array(files.length);
  let next = 0;
  const reader = async () => {
    for (let index = next++; index < files.length; index = next++) {
      results[index] = await prepareFile(files[index] as string, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, reader));
  return results;
}

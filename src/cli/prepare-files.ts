import { readFile } from 'node:fs/promises';
import { type PreparedStory, tryPrepareStory } from '../modules/story-format/story-preparation.js';

/** One file of an import, read and prepared: a story, an NDJSON export to restore, or a failure. */
export type PreparedFile =
  | { file: string; story: PreparedStory }
  | { file: string; exportText: string }
  | { file: string; failed: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

async function readText(file: string): Promise<{ text: string } | { failed: string }> {
  try {
    return { text: UTF8.decode(await readFile(file)) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return { failed: 'not valid UTF-8 text' };
    return {
      failed: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message,
    };
  }
}

/** Reads and prepares story files; a file whose text starts with "{" is taken for an NDJSON export. */
export async function prepareFiles(files: string[], sourceOverride?: string): Promise<PreparedFile[]> {
  return Promise.all(
    files.map(async (file): Promise<PreparedFile> => {
      const read = await readText(file);
      if ('failed' in read) return { file, failed: read.failed };
      if (read.text.trimStart().startsWith('{')) return { file, exportText: read.text };
      const prepared = tryPrepareStory(read.text, sourceOverride);
      return 'failed' in prepared ? { file, failed: prepared.failed } : { file, story: prepared };
    }),
  );
}

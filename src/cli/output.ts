import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/**
 * Where a command writes its data: stdout, or with `-o/--output FILE` that file, written under a
 * temporary name and renamed once complete (a failed run leaves no partial file behind). A file
 * keeps what `npm run` prints on stdout (its banner) out of the data.
 */
export interface Output {
  stream: Writable;
  /** The file, for messages; undefined for stdout. */
  file?: string;
  /** Finishes the file (nothing for stdout). */
  close(): Promise<void>;
  /** Removes what was written of the file. */
  discard(): Promise<void>;
}

/** `mode` 0o600 for secrets. */
function openOutput(file?: string, mode = 0o666): Output {
  if (file === undefined) return { stream: process.stdout, close: async () => {}, discard: async () => {} };
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial, { mode });
  return {
    stream,
    file,
    close: async () => {
      stream.end();
      await finished(stream);
      await rename(partial, file);
    },
    discard: async () => {
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** Runs `write` against the output, keeping the file only when it succeeds. */
export async function writeOutput<T>(file: string | undefined, write: (out: Writable) => Promise<T>, mode?: number) {
  const output = openOutput(file, mode);
  try {
    const result = await write(output.stream);
    await output.close();
    return result;
  } catch (error) {
    await output.discard();
    throw error;
  }
}

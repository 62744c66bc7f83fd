import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';

const GLOB_CHARS = /[*?[\]{}]/;
const byNaturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export interface ExpandedInputs {
  files: string[];
  /** Arguments that named nothing, with the reason. */
  missing: Array<{ file: string; reason: string }>;
}

/**
 * The files named by the command line: files as given, directories as every `.txt` file under
 * them, and glob patterns (quoted, so the shell leaves them alone) as the files they match.
 * Each file once, in the order given, directory and glob results in natural order.
 */
export async function expandInputs(inputs: string[]): Promise<ExpandedInputs> {
  const files = new Set<string>();
  const missing: ExpandedInputs['missing'] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isFile()) {
      files.add(input);
      continue;
    }
    const found = info?.isDirectory()
      ? (await glob('**/*.txt', { cwd: input, onlyFiles: true })).map((file) => join(input, file))
      : GLOB_CHARS.test(input) ? await glob(input, { onlyFiles: true }) : null;
    if (found === null) missing.push({ file: input, reason: 'no such file or directory' });
    else if (found.length === 0) missing.push({ file: input, reason: info ? 'no .txt files in this directory' : 'no files match this pattern' });
    else for (const file of found.sort(byNaturalOrder)) files.add(file);
  }
  return { files: [...files], missing };
}

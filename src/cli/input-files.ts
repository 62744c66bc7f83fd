import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { glob } from 'tinyglobby';

const GLOB_CHARS = /[*?[\]{}]/;
const byNaturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export interface ExpandedInputs {
  files: string[];
  /** Arguments that named nothing, and files left out, with the reason. */
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
      ? await filesInside(input, missing)
      : GLOB_CHARS.test(input)
        ? await glob(input, { onlyFiles: true })
        : null;
    if (found === null) missing.push({ file: input, reason: 'no such file or directory' });
    else if (found.length === 0)
      missing.push({ file: input, reason: info ? 'no .txt files in this directory' : 'no files match this pattern' });
    else for (const file of found.sort(byNaturalOrder)) files.add(file);
  }
  return { files: [...files], missing };
}

/**
 * Every `.txt` file under a directory (hidden ones aside) that really is inside it. Symbolic links
 * are followed only to files inside the directory; a link to a file or a directory elsewhere is left
 * out and reported, so importing a directory never reads what lies outside it.
 */
async function filesInside(directory: string, leftOut: ExpandedInputs['missing']): Promise<string[]> {
  const root = await realpath(directory);
  const isInside = (path: string) => path.startsWith(root + sep);
  const files: string[] = [];
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (
      relative(directory, file)
        .split(sep)
        .some((part) => part.startsWith('.'))
    )
      continue;
    if (entry.isFile()) {
      if (entry.name.endsWith('.txt')) files.push(file);
      continue;
    }
    if (!entry.isSymbolicLink()) continue;
    const target = await realpath(file).catch(() => null);
    const info = target === null ? null : await stat(target);
    if (info?.isDirectory()) {
      if (!isInside(target as string))
        leftOut.push({ file, reason: `is a symbolic link to a directory outside ${directory}: not followed` });
    } else if (entry.name.endsWith('.txt')) {
      if (target === null) leftOut.push({ file, reason: 'is a broken symbolic link' });
      else if (isInside(target)) files.push(file);
      else leftOut.push({ file, reason: `is a symbolic link to a file outside ${directory}: not followed` });
    }
  }
  return files;
}

import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { glob } from 'tinyglobby';

const GLOB_CHARS = /[*?[\]{}]/;
const byNaturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export interface ExpandedInputs {
  files: string[];
  /** Arguments that named nothing, and files left out, with the reason. */
  missing: Array<{ file: string; reason: string }>;
}

type LeftOut = ExpandedInputs['missing'];

/**
 * The files named by the command line: files as given, directories as every `.txt` file under
 * them, and glob patterns (quoted, so the shell leaves them alone) as the files they match.
 * Each file once, in the order given, directory and glob results in natural order. Whether a
 * path is a regular file is checked when it is opened (file-reading.ts), not here.
 */
export async function expandInputs(inputs: string[]): Promise<ExpandedInputs> {
  const files = new Set<string>();
  const missing: LeftOut = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info && !info.isDirectory()) {
      files.add(input);
      continue;
    }
    const found = info?.isDirectory()
      ? await filesInside(input, missing)
      : GLOB_CHARS.test(input)
        ? await globMatches(input, missing)
        : null;
    if (found === null) missing.push({ file: input, reason: 'no such file or directory' });
    else if (found.length === 0)
      missing.push({ file: input, reason: info ? 'no .txt files in this directory' : 'no files match this pattern' });
    else for (const file of found.sort(byNaturalOrder)) files.add(file);
  }
  return { files: [...files], missing };
}

/** Says whether a path found under `base` (whose real path is `root`) really lies inside it. */
function insideRule(base: string, root: string) {
  return async (file: string, leftOut: LeftOut): Promise<boolean> => {
    const target = await realpath(file).catch(() => null);
    if (target === null) {
      leftOut.push({ file, reason: 'is a broken symbolic link' });
      return false;
    }
    if (target.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
    const where = (await lstat(file)).isSymbolicLink()
      ? 'is a symbolic link to a file'
      : 'lies in a symbolically linked directory';
    leftOut.push({ file, reason: `${where} outside ${base}: not followed` });
    return false;
  };
}

/**
 * Every `.txt` file under a directory (hidden ones aside) that really is inside it. Symbolic links
 * are followed only to files inside the directory; a link to a file or a directory elsewhere is left
 * out and reported, so importing a directory never reads what lies outside it.
 */
async function filesInside(directory: string, leftOut: LeftOut): Promise<string[]> {
  const isInside = insideRule(directory, await realpath(directory));
  const files: string[] = [];
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (
      relative(directory, file)
        .split(sep)
        .some((part) => part.startsWith('.'))
    )
      continue;
    if (entry.isDirectory()) continue;
    if (entry.isSymbolicLink()) {
      const target = await stat(file).catch(() => null);
      if (target?.isDirectory()) {
        if (!(await isInside(file, []))) {
          leftOut.push({ file, reason: `is a symbolic link to a directory outside ${directory}: not followed` });
        }
        continue;
      }
    }
    // FIFOs, devices and sockets named .txt are refused with their reason when opened.
    if (entry.name.endsWith('.txt') && (!entry.isSymbolicLink() || (await isInside(file, leftOut)))) files.push(file);
  }
  return files;
}

/** The leading part of a pattern without glob characters: the directory it searches. */
function baseOf(pattern: string): string {
  const parts = pattern.split('/');
  const fixed = parts.slice(
    0,
    parts.findIndex((part) => GLOB_CHARS.test(part)),
  );
  if (fixed.length === 0) return '.';
  return fixed.join('/') || '/';
}

/**
 * The files a glob pattern matches, under the directory rule: a match that is a symbolic link (or
 * lies under one) to somewhere outside the pattern's fixed leading directory is left out and reported.
 */
async function globMatches(pattern: string, leftOut: LeftOut): Promise<string[]> {
  const base = baseOf(pattern);
  const root = await realpath(base).catch(() => null);
  if (root === null) return [];
  const isInside = insideRule(base, root);
  const files: string[] = [];
  // tinyglobby answers in the order its directory walk finishes, which varies between runs.
  const matches = await glob(pattern, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(pattern) });
  for (const file of matches.sort(byNaturalOrder)) {
    if (await isInside(file, leftOut)) files.push(file);
  }
  return files;
}

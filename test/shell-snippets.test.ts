import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/node-ts.js';
import { shellBlocks } from './helpers/snippets.js';

// Every shell block of the README and of docs/ must run as written on a fresh clone: each variable it
// expands is set earlier in the same file (or is one the README exports, or HOME/PATH), and each path
// it names exists in the repository or was written by an earlier command of the file. Bash itself
// reads the blocks (quotes, heredocs, command substitutions: `set -u` stops at an unset variable);
// every command it would run is replaced by a handler that records the words it was given.

const files = ['README.md', ...globSync('docs/**/*.md', { cwd: ROOT }).sort()];

/** NAME=value of every `export NAME=value` in the README's blocks: the variables docs/ may take as set. */
const exported = Object.fromEntries(
  shellBlocks('README.md').flatMap((block) =>
    [...block.code.matchAll(/^export ([A-Za-z_]\w*)=(\S*)/gm)].map(([, name, value]) => [name, value]),
  ),
);

// Runs for every command that is not a shell builtin: one record per command (NUL-separated words,
// each prefixed with whether a file of that name exists here yet), and a command writing to
// `--out FILE` / `--output FILE` / `-o FILE` leaves that file behind, as the real one would.
const HANDLER = `
command_not_found_handle() {
  local word wants=''
  printf '\\0@\\0' >>"$SNIPPET_LOG"
  for word in "$@"; do
    if [ -e "\${word#@}" ]; then printf 'e%s\\0' "$word"; else printf 'n%s\\0' "$word"; fi >>"$SNIPPET_LOG"
    if [ -n "$wants" ]; then : >"$word"; wants=''; fi
    case "$word" in --out | --output | -o) wants=1 ;; esac # OUTPUT_OPTIONS
  done
  return 0
}
`;

interface Run {
  status: number | null;
  stderr: string;
  commands: { word: string; madeHere: boolean }[][];
}

function runFile(file: string): Run {
  const blocks = shellBlocks(file);
  const dir = mkdtempSync(join(tmpdir(), 'cms-snippets-'));
  const log = join(dir, '.commands');
  try {
    const script = [HANDLER, ...blocks.map((b) => b.code)].join('\n');
    // Bash's line numbers, told as the Markdown lines they come from.
    const origin = HANDLER.split('\n').map(() => 'the handler');
    for (const b of blocks) origin.push(...b.code.split('\n').map((_, i) => `${file}:${b.line + i}`));
    const result = spawnSync('/bin/bash', ['--norc', '--noprofile', '-u', '-c', script], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: {
        HOME: dir,
        PATH: join(dir, 'no-commands'),
        SNIPPET_LOG: log,
        ...(file === 'README.md' ? {} : exported),
      },
      timeout: 20_000,
    });
    const records = existsSync(log) ? readFileSync(log, 'utf8').split('\0@\0').slice(1) : [];
    const commands = records.map((record) =>
      record
        .split('\0')
        .filter(Boolean)
        .map((word) => ({ word: word.slice(1), madeHere: word.startsWith('e') })),
    );
    const stderr = result.stderr.replace(/line (\d+)/g, (_, n) => origin[Number(n) - 1] ?? `line ${n}`);
    return { status: result.status, stderr, commands };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A word that names a file: relative, no spaces, colons, quotes or braces, with a slash or an extension. */
const looksLikePath = (word: string) =>
  !/^-|[\s:="'{}$]/.test(word) && (word.includes('/') || /^[\w-]+\.[A-Za-z0-9]{1,8}$/.test(word));

const OUTPUT_OPTIONS = new Set(['--out', '--output', '-o']);

/** Each path a command names that neither the repository nor an earlier command has (outputs aside). */
function missingPaths(commands: Run['commands']): string[] {
  return commands.flatMap((words) =>
    words
      .filter((_, i) => !OUTPUT_OPTIONS.has(words[i - 1]?.word ?? ''))
      .filter(({ word }) => looksLikePath(word.replace(/^@/, '')))
      .filter(({ word, madeHere }) => {
        const path = word.replace(/^@/, '');
        if (madeHere) return false;
        if (/[*?[]/.test(path)) return globSync(path, { cwd: ROOT }).length === 0;
        return !existsSync(join(ROOT, path));
      })
      .map(({ word }) => `${words[0]?.word} … ${word}`),
  );
}

describe('shell snippets of the README and docs/', () => {
  it('finds the blocks it checks', () => {
    expect(shellBlocks('README.md').length).toBeGreaterThanOrEqual(4);
    expect(exported).toMatchObject({ KEY: expect.any(String), API: expect.any(String) });
  });

  for (const file of files.filter((f) => shellBlocks(f).length > 0)) {
    it(`${file}: every variable is set before it is used, every path exists, every curl is silent`, () => {
      const run = runFile(file);
      expect(run.stderr, 'bash stopped (an unset variable or a syntax error)').toBe('');
      expect(run.status).toBe(0);
      expect(run.commands.length).toBeGreaterThan(0);
      expect(missingPaths(run.commands)).toEqual([]);
      const loudCurls = run.commands.filter(
        (words) =>
          words[0]?.word === 'curl' && !words.some(({ word }) => word === '--silent' || /^-[A-Za-z]*s/.test(word)),
      );
      expect(loudCurls.map((words) => words.map(({ word }) => word).join(' '))).toEqual([]);
    });
  }
});

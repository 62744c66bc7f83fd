import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createArticle } from './helpers/factories.js';
import { ROOT } from './helpers/node-ts.js';
import { shellBlocks } from './helpers/snippets.js';

// Every `cms export` command the README and docs/ show is run exactly as written (by /bin/sh, in the
// repository, against a test database), and what it wrote must be NDJSON: one JSON document per
// article and nothing else (`npm run cms -- export > file` used to put npm's banner in the file).

const files = ['README.md', ...globSync('docs/**/*.md', { cwd: ROOT }).sort()];

/** The commands of a shell block, with continued lines joined. */
const commandsOf = (code: string) => code.replace(/\\\n/g, ' ').split('\n');

const documented = files.flatMap((file) =>
  shellBlocks(file).flatMap((block) =>
    commandsOf(block.code)
      .filter((line) => /\bcms\b.*\sexport\s/.test(line.replace(/#.*/, '')))
      .map((command) => ({ file, command: command.trim() })),
  ),
);

/** The file a command writes its data to, or undefined for stdout. */
function outputOf(command: string): string | undefined {
  const words = command.replace(/#.*/, '').trim().split(/\s+/);
  const option = words.findIndex((word) => ['-o', '--output', '--out', '>'].includes(word));
  return option >= 0 ? words[option + 1] : undefined;
}

const run = (command: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('/bin/sh', ['-c', command], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createArticle(t, { headline: 'Harbour bridge reopens' });
  await createArticle(t, { headline: 'Ferry crossing resumes' });
});
afterAll(async () => {
  await t?.close();
});

describe("the package's bin", () => {
  it('is the CLI, runnable by itself once built (npx cms, node dist/cli/index.js)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ cms: 'dist/cli/index.js' });
    expect(readFileSync(join(ROOT, 'src/cli/index.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});

describe('the export commands of the README and docs/, run as written', { timeout: 180_000 }, () => {
  it('finds them, each writing to a file or to stdout', () => {
    expect(documented.length).toBeGreaterThanOrEqual(2);
    expect(documented.some(({ command }) => outputOf(command) !== undefined)).toBe(true);
  });

  for (const { file, command } of documented) {
    it(`${file}: ${command}`, async () => {
      const output = outputOf(command);
      const path = output && join(ROOT, output);
      // A file of that name the developer has is put back afterwards.
      const kept = path && existsSync(path) ? `${path}.kept-by-test` : undefined;
      if (path && kept) renameSync(path, kept);
      try {
        const result = await run(command, { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
        expect(result.code, result.stderr).toBe(0);
        const text = path ? readFileSync(path, 'utf8') : result.stdout;
        const lines = text.split('\n').filter((line) => line !== '');
        expect(lines).toHaveLength(2);
        const documents = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(documents.map((document) => JSON.stringify(document).includes('Harbour bridge reopens'))).toContain(
          true,
        );
      } finally {
        if (path) rmSync(path, { force: true });
        if (path && kept) renameSync(kept, path);
      }
    });
  }
});

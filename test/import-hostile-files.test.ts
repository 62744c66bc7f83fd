import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NEWSROOM } from '../src/lib/access.js';
import { runCli, withServices } from './helpers/cli.js';
import { freshDatabases } from './helpers/database.js';

const freshDatabase = freshDatabases();
const root = mkdtempSync(join(tmpdir(), 'cms-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory of its own under the test's temporary root, with a story from examples/ in it. */
function storyDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync('examples/riverside-footpath.txt', join(dir, 'good.txt'));
  return dir;
}

const stories = (url: string) =>
  withServices(
    url,
    async (services) => (await services.articleList.list({ limit: 100, sort: '-publishedAt' }, NEWSROOM)).data,
  );

/** A run that hangs is a failure of its own, not a test timeout: killed after 60 s. */
const HANG = 60_000;

/** Runs `cms import`, which must finish, import one story and list these failures in this order. */
async function importFailing(url: string, args: string[], failures: string[]) {
  const run = await runCli(url, ['import', ...args], { timeout: HANG });
  expect(run.timedOut, 'the import hung').toBeUndefined();
  expect(run.code, run.stderr).toBe(1);
  const stored = await stories(url);
  expect(stored.map((story) => story.headline)).toEqual(['Town council approves riverside footpath']);
  const summary = [
    'Imported: 1',
    ...stored.map((story) => `  + ${story.id} ${story.slug}`),
    'Skipped (already present): 0',
    `Failed: ${failures.length}`,
  ];
  expect(run.stdout).toContain([...summary, ...failures.map((line) => `  - ${line}`)].join('\n'));
  return run;
}

// Each case starts Node processes that compile TypeScript on the fly: slow on a busy machine, not a fault.
describe('cms import on hostile files', { timeout: 120_000 }, () => {
  it('refuses a .txt link to a FIFO and an oversized file with a reason each, imports the rest, and prints names escaped', async () => {
    const dir = storyDir('directory');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('pipe', join(dir, 'pipe.txt'));
    writeFileSync(join(dir, 'big.txt'), `Too large\n\n${'A long paragraph. '.repeat(200)}\n`);
    // ESC [ 2 J clears a terminal; the newline would start a summary line of the file's own.
    writeFileSync(join(dir, 'evil\u001b[2J\nImported: 99.txt'), '');
    const url = await freshDatabase();
    const run = await importFailing(
      url,
      ['--max-file-size', '1K', dir],
      [
        `${dir}/big.txt: is 3.5 KiB, more than the 1 KiB limit (--max-file-size): not read`,
        `"${dir}/evil\\u001b[2J\\nImported: 99.txt": file is empty`,
        `${dir}/pipe.txt: is a named pipe (FIFO), not a regular file: not read`,
      ],
    );
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toMatch(/^Imported: 99/m);
  });

  it('refuses FIFOs named as files, as a story or as an NDJSON export, without hanging', async () => {
    const dir = storyDir('arguments');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('pipe', join(dir, 'story.txt'));
    symlinkSync('pipe', join(dir, 'backup.ndjson'));
    const url = await freshDatabase();
    await importFailing(
      url,
      [join(dir, 'story.txt'), join(dir, 'backup.ndjson'), join(dir, 'good.txt'), '/dev/zero'],
      [
        `${dir}/story.txt: is a named pipe (FIFO), not a regular file: not read`,
        `${dir}/backup.ndjson: is a named pipe (FIFO), not a regular file: not read`,
        '/dev/zero: is a character device, not a regular file: not read',
      ],
    );
  });

  it('applies the directory rule to a quoted glob: a link out of its directory is reported, not followed', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    copyFileSync('examples/robot-science-fair.txt', join(outside, 'secret.txt'));
    const dir = storyDir('glob');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'escape.txt'));
    symlinkSync(outside, join(dir, 'linked'));
    const url = await freshDatabase();
    await importFailing(
      url,
      [`${dir}/**/*.txt`],
      [
        `${dir}/escape.txt: is a symbolic link to a file outside ${dir}: not followed`,
        `${dir}/linked/secret.txt: lies in a symbolically linked directory outside ${dir}: not followed`,
      ],
    );
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { NEWSROOM } from '../src/lib/access.js';
import { runCli, withServices } from './helpers/cli.js';
import { freshDatabases, testDialect } from './helpers/database.js';

const freshDatabase = freshDatabases();

/** Headline → headlines of its related stories, for every article in the database. */
const relatedByHeadline = (url: string) =>
  withServices(url, async (services) => {
    const { data } = await services.articleList.list({ limit: 100, sort: '-publishedAt' }, NEWSROOM);
    const entries = await Promise.all(
      data.map(async (summary) => {
        const article = await services.articles.get(summary.id, NEWSROOM);
        return [article.headline, article.related.map((link) => link.headline)] as const;
      }),
    );
    return Object.fromEntries(entries);
  });

/** `id slug` of the story with this headline. */
const storyLine = (url: string, headline: string) =>
  withServices(url, async (services) => {
    const { data } = await services.articleList.list({ limit: 100, sort: '-publishedAt' }, NEWSROOM);
    const story = data.find((s) => s.headline === headline);
    return `${story?.id} ${story?.slug}`;
  });

// Each case starts Node processes that compile TypeScript on the fly: slow on a busy machine, not a fault.
describe('cms import', { timeout: 120_000 }, () => {
  it('imports examples/ with a summary, links the stories that name each other, and adds nothing the second time', async () => {
    const url = await freshDatabase();
    const first = await runCli(url, ['import', 'examples/']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      [
        'Imported: 3',
        `  + ${await storyLine(url, 'Riverside festival returns after four-year break')}`,
        `  + ${await storyLine(url, 'Town council approves riverside footpath')}`,
        `  + ${await storyLine(url, 'Pupils build flood-warning robot for science fair')}`,
        'Skipped (already present): 0',
        'Failed: 0',
        'Related titles not found: 1 (kept pending: linked when a story with that headline is imported)',
        '  - "Brass bands compete for regional title" (named by examples/riverside-festival.txt)',
        '',
      ].join('\n'),
    );
    // Not a terminal: plain progress lines instead of a bar.
    expect(first.stderr).toMatch(/^import: 3\/3 \(100%\), \d+\/s, done in \d+s$/m);
    expect(await relatedByHeadline(url)).toEqual({
      'Riverside festival returns after four-year break': ['Town council approves riverside footpath'],
      'Town council approves riverside footpath': [],
      'Pupils build flood-warning robot for science fair': ['Riverside festival returns after four-year break'],
    });

    const second = await runCli(url, ['import', 'examples/']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(
      /^Imported: 0\nSkipped \(already present\): 3\nFailed: 0\nRelated titles not found: 0\n$/,
    );
    expect(Object.keys(await relatedByHeadline(url))).toHaveLength(3);
  });

  it('lists the earlier stories a run linked as updated, and --json --output writes the summary for programs', async () => {
    const url = await freshDatabase();
    expect((await runCli(url, ['import', 'examples/riverside-festival.txt'])).code).toBe(0);
    const festival = await storyLine(url, 'Riverside festival returns after four-year break');
    const second = await runCli(url, ['import', 'examples/riverside-footpath.txt']);
    expect(second.code, second.stderr).toBe(0);
    const footpath = await storyLine(url, 'Town council approves riverside footpath');
    expect(second.stdout).toContain(
      [
        'Imported: 1',
        `  + ${footpath}`,
        'Updated (linked to a story imported now): 1',
        `  ~ ${festival}`,
        'Skipped (already present): 0',
      ].join('\n'),
    );

    const dir = mkdtempSync(join(tmpdir(), 'cms-summary-'));
    try {
      const file = join(dir, 'summary.json');
      const run = await runCli(url, [
        'import',
        '--json',
        '--output',
        file,
        'examples/',
        'test/fixtures/stories/bad/empty.txt',
      ]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      const robot = await storyLine(url, 'Pupils build flood-warning robot for science fair');
      const [id, slug] = robot.split(' ');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        dryRun: false,
        created: [
          {
            file: 'examples/robot-science-fair.txt',
            headline: 'Pupils build flood-warning robot for science fair',
            id,
            slug,
          },
        ],
        updated: [],
        skipped: [
          { file: 'examples/riverside-festival.txt', id: festival.split(' ')[0] },
          { file: 'examples/riverside-footpath.txt', id: footpath.split(' ')[0] },
        ],
        failed: [{ file: 'test/fixtures/stories/bad/empty.txt', reason: 'file is empty' }],
        // Titles named by the stories of this run only: the festival's was reported by its own run.
        relatedNotFound: [],
        linksRestored: 0,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing with --dry-run, but reports what it would do', async () => {
    const url = await freshDatabase();
    const run = await runCli(url, ['import', '--dry-run', 'examples/']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'Dry run: nothing was written.',
        'Would import: 3',
        'Skipped (already present): 0',
        'Failed: 0',
        'Related titles not found: 1 (kept pending: linked when a story with that headline is imported)',
        '  - "Brass bands compete for regional title" (named by examples/riverside-festival.txt)',
        '',
      ].join('\n'),
    );
    expect(await relatedByHeadline(url)).toEqual({});
  });

  it('goes past files that fail, names each with its reason, exits 1, and applies --status and --source', async () => {
    const url = await freshDatabase();
    const run = await runCli(url, [
      'import',
      '--status',
      'published',
      '--source',
      'Test Desk',
      'test/fixtures/stories/bad',
      'test/fixtures/stories/minimal.txt',
      'no/such/story.txt',
      'test/fixtures/stories/wr*.txt',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      [
        'Imported: 2',
        `  + ${await storyLine(url, 'Village shop saved by community buy-out')}`,
        `  + ${await storyLine(url, 'Library extends opening hours during exam season')}`,
        'Skipped (already present): 0',
        'Failed: 4',
        '  - no/such/story.txt: no such file or directory',
        '  - test/fixtures/stories/bad/empty.txt: file is empty',
        '  - test/fixtures/stories/bad/headline-only.txt: story has a headline but no body paragraphs',
        '  - test/fixtures/stories/bad/only-markers.txt: file contains only block markers (PHOTO CAPTION / Related Articles), no headline or body',
      ].join('\n'),
    );
    const stories = await withServices(
      url,
      async (services) => (await services.articleList.list({ limit: 100, sort: '-publishedAt' }, NEWSROOM)).data,
    );
    expect(stories.map((s) => [s.headline, s.status, s.source, s.publishedAt === s.createdAt]).sort()).toEqual([
      ['Library extends opening hours during exam season', 'published', 'Test Desk', true],
      ['Village shop saved by community buy-out', 'published', 'Test Desk', true],
    ]);
  });

  it('refuses an unknown --status before touching the database (exit 2)', async () => {
    const url = await freshDatabase();
    const run = await runCli(url, ['import', '--status', 'archived', 'examples/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'archived' is invalid. Allowed choices are draft, published.");
  });
});

describe('cms import when the database fails in the middle of a batch', { timeout: 120_000 }, () => {
  it('stores every other story whole and nothing of the one that failed', async () => {
    const url = await freshDatabase();
    expect((await runCli(url, ['migrate'])).code).toBe(0);
    // A real database failure: a trigger aborts the revision insert of one story, after its article,
    // captions and links were written in the same transaction.
    const database = await openDatabase(url);
    try {
      if (testDialect === 'sqlite') {
        await database.prisma.$executeRawUnsafe(`CREATE TRIGGER fail_one BEFORE INSERT ON revisions
          WHEN NEW.snapshot LIKE '%Village shop saved%' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
      } else {
        await database.prisma.$executeRawUnsafe(`CREATE FUNCTION fail_one() RETURNS trigger AS $$
          BEGIN IF NEW.snapshot LIKE '%Village shop saved%' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
        await database.prisma.$executeRawUnsafe(
          'CREATE TRIGGER fail_one BEFORE INSERT ON revisions FOR EACH ROW EXECUTE FUNCTION fail_one()',
        );
      }
    } finally {
      await database.close();
    }
    const run = await runCli(url, [
      'import',
      'test/fixtures/stories/minimal.txt',
      'test/fixtures/stories/wrapped.txt',
      'test/fixtures/stories/full.txt',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Imported: 2\n/);
    expect(run.stdout).toMatch(/Failed: 1\n {2}- test\/fixtures\/stories\/minimal\.txt: .*injected failure/);
    await withServices(url, async (services) => {
      const { data } = await services.articleList.list({ limit: 100, sort: '-publishedAt' }, NEWSROOM);
      expect(data.map((s) => s.headline)).not.toContain('Village shop saved by community buy-out');
      expect(data).toHaveLength(2);
    });
    const leftovers = await openDatabase(url);
    try {
      const orphans = await leftovers.prisma.caption.count({
        where: { article: { headline: 'Village shop saved by community buy-out' } },
      });
      expect(orphans).toBe(0);
      expect(await leftovers.prisma.importedStory.count()).toBe(2);
    } finally {
      await leftovers.close();
    }
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HEADLINE_CHARS, MAX_RELATED_LINKS } from '../src/lib/limits.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { expectProblem } from './helpers/factories.js';

/**
 * Related headlines are bounded like related links (a clear 422 above the bound), and lookups over
 * many of them, as a batch of 200 files makes, stay under the database's parameter limit.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

function story(headline: string, related: string[] = []): string {
  return [
    headline,
    '',
    `${headline}: the first paragraph of a story for the bounds tests.`,
    '',
    'A second paragraph, so the source line is not taken for body text.',
    '',
    'Test Wire',
    '',
    ...(related.length ? ['Related Articles', '', ...related] : []),
  ].join('\n');
}

const importStory = (text: string) =>
  t.inject({
    method: 'POST',
    url: '/v1/imports',
    headers: { ...admin, 'content-type': 'text/plain; charset=utf-8' },
    payload: text,
  });

describe('POST /v1/imports: related headlines', () => {
  it(`998 related headlines is a 422 naming the bound of ${MAX_RELATED_LINKS}, and nothing is stored`, async () => {
    const before = await t.app.database.prisma.article.count();
    const related = Array.from({ length: 998 }, (_, i) => `Earlier coverage of the harbour dispute, part ${i}`);
    const problem = expectProblem(
      await importStory(story('Harbour dispute enters its third month', related)),
      422,
      'UNPARSABLE_STORY',
    );
    expect(problem.reason).toBe(`"Related Articles" lists 998 headlines, more than ${MAX_RELATED_LINKS}`);
    expect(await t.app.database.prisma.article.count()).toBe(before);
  });

  it(`a related headline over ${MAX_HEADLINE_CHARS} characters is a 422`, async () => {
    const problem = expectProblem(
      await importStory(story('Library extends its opening hours', ['x'.repeat(MAX_HEADLINE_CHARS + 1)])),
      422,
      'UNPARSABLE_STORY',
    );
    expect(problem.reason).toMatch(/related headline 1 is 301 characters long/);
  });

  it(`${MAX_RELATED_LINKS} related headlines are accepted, kept pending until their stories arrive`, async () => {
    const related = Array.from(
      { length: MAX_RELATED_LINKS },
      (_, i) => `Earlier coverage of the bridge works, part ${i}`,
    );
    const response = await importStory(story('Bridge works finish ahead of schedule', related));
    expect(response.statusCode, response.body).toBe(201);
    expect(await t.app.database.prisma.pendingRelated.count({ where: { articleId: response.json().id } })).toBe(
      MAX_RELATED_LINKS,
    );
  });
});

describe('cms import of 200 files naming 6 related headlines each, 1,200 different ones in all', {
  timeout: 120_000,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cms-bounds-'));
  const headline = (n: number) => `Regional roundup number ${n} from the valley towns`;
  for (let n = 0; n < 200; n++) {
    const background = [1, 2, 3, 4, 5].map((k) => `Background piece ${k} for roundup ${n}`);
    const related = n > 0 ? [headline(n - 1), ...background] : [...background, 'Background piece 6 for roundup 0'];
    writeFileSync(join(dir, `story-${String(n).padStart(3, '0')}.txt`), story(headline(n), related));
  }

  it('a dry run reports them all', async () => {
    const run = await runCli(t.url, ['import', '--dry-run', dir]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^Would import: 200$/m);
    expect(run.stdout).toMatch(/^Failed: 0$/m);
  }, 180_000);

  it('a real import writes them in one batch, linking each to the one before and keeping the rest pending', async () => {
    const run = await runCli(t.url, ['import', dir]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^Imported: 200$/m);
    const rows = await t.app.database.prisma.article.findMany({
      where: { headline: { startsWith: 'Regional roundup number' } },
      select: { createdAt: true, headline: true, _count: { select: { related: true } } },
    });
    expect(rows).toHaveLength(200);
    // One transaction for the batch: every story has the batch's instant (a story-by-story fallback would not).
    expect(new Set(rows.map((row) => row.createdAt.getTime())).size).toBe(1);
    expect(rows.find((row) => row.headline === headline(199))?._count.related).toBe(1);
    expect(
      await t.app.database.prisma.pendingRelated.count({ where: { headline: { startsWith: 'Background piece' } } }),
    ).toBe(1001);
  }, 180_000);
});

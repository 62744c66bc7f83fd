import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_SLUG_RETRY } from '../src/modules/articles/slugs.js';
import { ADMIN_KEY, admin, listeningTestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { storyInput } from './helpers/factories.js';

/**
 * A caller who chose no slug never sees a slug conflict, however many stories with one headline
 * arrive at once: over HTTP creates, HTTP imports and concurrent CLI imports, on both databases.
 */
const served = listeningTestApp();

const N = 10;
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

function story(headline: string, paragraph: string): string {
  return [
    headline,
    '',
    headline,
    '',
    `${paragraph}: the first paragraph of a story for the slug tests.`,
    '',
    'A second paragraph, so the source line is not taken for body text.',
    '',
    'Test Wire',
    '',
  ].join('\n');
}

const importOver = (text: string) =>
  fetch(`${served.base}/v1/imports`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' },
    body: text,
  });

describe('generated slugs under concurrency', () => {
  it(`${N} concurrent creates with one headline and no slug all answer 201 with distinct slugs`, async () => {
    const headline = 'Harbour cranes stop as the strike enters its second week';
    const responses = await Promise.all(
      Array.from({ length: N }, () =>
        fetch(`${served.base}/v1/articles`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(storyInput({ headline })),
        }),
      ),
    );
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ slug: string; code?: string }>));
    expect(
      responses.map((r) => r.status),
      JSON.stringify(bodies.filter((b) => b.code)),
    ).toEqual(Array(N).fill(201));
    const slugs = bodies.map((b) => b.slug);
    expect(new Set(slugs).size).toBe(N);
    expect(slugs).toContain('harbour-cranes-stop-as-the-strike-enters-its-second-week');
    for (const slug of slugs)
      expect(slug).toMatch(/^harbour-cranes-stop-as-the-strike-enters-its-second-week(-[0-9a-f]+)?$/);
  });

  it('5 concurrent imports of the same text give one 201 and four 200 with the same article', async () => {
    const text = story('Ferry timetable changes for the winter season', 'Same text');
    const responses = await Promise.all(Array.from({ length: 5 }, () => importOver(text)));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ id: string }>));
    expect(responses.map((r) => r.status).sort(), JSON.stringify(bodies)).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    const count = await served.t.inject({ method: 'GET', url: '/v1/articles?limit=100', headers: admin });
    expect(
      (count.json().data as Array<{ headline: string }>).filter(
        (a) => a.headline === 'Ferry timetable changes for the winter season',
      ),
    ).toHaveLength(1);
  });

  it(`${N} concurrent imports of different stories with one headline all answer 201 with distinct slugs`, async () => {
    const headline = 'Council approves the new cycle lanes';
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) => importOver(story(headline, `Version ${i}`))),
    );
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ slug: string }>));
    expect(
      responses.map((r) => r.status),
      JSON.stringify(bodies),
    ).toEqual(Array(N).fill(201));
    expect(new Set(bodies.map((b) => b.slug)).size).toBe(N);
  });

  it('two CLI imports running at once of stories sharing headlines both succeed', async () => {
    const dirs = [0, 1].map((run) => {
      const dir = mkdtempSync(join(tmpdir(), 'cms-slug-cli-'));
      for (let i = 0; i < 4; i++)
        writeFileSync(
          join(dir, `s${i}.txt`),
          story(`Night trains return to the northern line ${i}`, `Run ${run} story ${i}`),
        );
      return dir;
    });
    const runs = await Promise.all(dirs.map((dir) => runCli(served.t.url, ['import', dir])));
    for (const run of runs) expect(run.code, run.stderr + run.stdout).toBe(0);
    const listed = await served.t.inject({ method: 'GET', url: '/v1/articles?limit=100', headers: admin });
    const night = (listed.json().data as Array<{ slug: string; headline: string }>).filter((a) =>
      a.headline.startsWith('Night trains'),
    );
    expect(night).toHaveLength(8);
    expect(new Set(night.map((a) => a.slug)).size).toBe(8);
  }, 120_000);
});

describe('the design notes on slug retries', () => {
  it('give the number of attempts the code makes', () => {
    const notes = readFileSync(join(import.meta.dirname, '..', 'docs', 'architecture.md'), 'utf8');
    const [, stated] = notes.match(/up to (\d+) attempts in all, `GENERATED_SLUG_RETRY`/) ?? [];
    expect(Number(stated)).toBe(GENERATED_SLUG_RETRY.retry?.attempts);
  });
});

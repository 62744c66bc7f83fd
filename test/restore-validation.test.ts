import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { addCaption } from './helpers/content.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { readAs, step } from './helpers/publishing.js';

let t: TestApp;
let target: TestDatabase;
let dir: string;
let exported: Record<string, any>;
beforeAll(async () => {
  t = await createTestApp();
  target = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'cms-restore-'));
  const story = await createArticle(t, { headline: 'Harbour bridge to close for repairs' });
  await addCaption(t, story);
  await step(t, story, 'publish');
  const renamed = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${story.id}`,
    headers: ifMatch(story.etag),
    payload: { slug: 'harbour-bridge-closes' },
  });
  expect(renamed.statusCode, renamed.body).toBe(200);
  const run = await runCli(t.url, ['export', '--format', 'ndjson']);
  expect(run.code, run.stderr).toBe(0);
  exported = JSON.parse(run.stdout.trim());
});
afterAll(async () => {
  await t?.close();
  await target?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The exported story with one change made by `craft`, as a line of a backup. */
function crafted(craft: (doc: Record<string, any>) => void): string {
  const doc = structuredClone(exported);
  craft(doc);
  return JSON.stringify(doc);
}

describe('cms import of an NDJSON export validates every document like the API', { timeout: 120_000 }, () => {
  it('refuses crafted slugs, URLs, snapshots and unknown members with a reason naming the field, and stores nothing of them', async () => {
    const lines = [
      crafted((d) => {
        d.article.slug = '//evil.example/phish';
      }),
      crafted((d) => {
        d.retiredSlugs[0].slug = '../../..//evil.example/phish';
      }),
      crafted((d) => {
        d.captions[0].imageUrl = 'javascript:alert(1)';
      }),
      crafted((d) => {
        d.revisions[0].snapshot = { ...d.revisions[0].snapshot, slug: '//evil.example/phish' };
      }),
      crafted((d) => {
        d.article.isAdmin = true;
      }),
      crafted((d) => {
        d.article.headline = 'x'.repeat(301);
      }),
    ];
    const file = join(dir, 'crafted.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await runCli(target.url, ['import', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Imported: 0');
    expect(run.stdout).toContain(`Failed: ${lines.length}`);
    for (const [line, field] of [
      [1, 'article.slug'],
      [2, 'retiredSlugs.0.slug'],
      [3, 'captions.0.imageUrl'],
      [4, 'revisions.0.snapshot'],
      [5, 'article'],
      [6, 'article.headline'],
    ] as const) {
      expect(run.stdout).toMatch(
        new RegExp(`line ${line} is not an article of an NDJSON export \\([^\\n]*${field.replace(/\./g, '\\.')}`),
      );
    }

    const restored = await createInstance(target.url);
    try {
      expect((await readAs(restored, 'newsroom', `/v1/articles/${exported.article.id}`)).statusCode).toBe(404);
      const old = await readAs(restored, 'public', `/v1/articles/slug/${exported.retiredSlugs[0].slug}`);
      expect(old.statusCode).toBe(404);
      expect(old.headers.location).toBeUndefined();
    } finally {
      await restored.close();
    }
  });

  it('refuses NUL and lone surrogates anywhere in a line, as the API does, naming the field, and stores nothing', async () => {
    const lines = [
      crafted((d) => {
        d.article.headline = 'Harbour\u0000bridge';
      }),
      crafted((d) => {
        d.captions[0].text = 'Workers on the bridge\u0000';
      }),
      crafted((d) => {
        d.tags = [{ position: 0, tag: 'harbour\uD800' }];
      }),
      crafted((d) => {
        d.revisions[0].snapshot = { ...d.revisions[0].snapshot, summary: 'Nul\u0000' };
      }),
      // A backup made before snapshots were exported as values: the NUL hides in the JSON text.
      crafted((d) => {
        d.revisions[0].snapshot = JSON.stringify({ ...d.revisions[0].snapshot, summary: 'Nul\u0000' });
      }),
    ];
    const file = join(dir, 'nul.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await runCli(target.url, ['import', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Imported: 0');
    expect(run.stdout).toContain(`Failed: ${lines.length}`);
    expect(run.stdout).not.toMatch(/database error|22021/i);
    const rule = 'must be well-formed Unicode text without NUL characters';
    for (const [line, field] of [
      [1, 'article.headline'],
      [2, 'captions.0.text'],
      [3, 'tags.0.tag'],
      [4, 'revisions.0.snapshot.summary'],
      [5, 'revisions.0.snapshot: summary'],
    ] as const) {
      expect(run.stdout).toContain(`line ${line} is not an article of an NDJSON export (${field}: ${rule})`);
    }
    const restored = await createInstance(target.url);
    try {
      expect((await readAs(restored, 'newsroom', `/v1/articles/${exported.article.id}`)).statusCode).toBe(404);
    } finally {
      await restored.close();
    }
  });

  it('restores a valid export, sanitising a body that carries a script', async () => {
    const file = join(dir, 'body.ndjson');
    writeFileSync(
      file,
      `${crafted((d) => {
        d.article.body = '<p>Bridge closes.</p><script>steal()</script><img src=x onerror="steal()">';
      })}\n`,
    );
    const run = await runCli(target.url, ['import', file]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const restored = await createInstance(target.url);
    try {
      const article = await readAs(restored, 'public', `/v1/articles/slug/${exported.article.slug}`);
      expect(article.statusCode).toBe(200);
      expect(article.json().body).toContain('<p>Bridge closes.</p>');
      expect(article.json().body).not.toMatch(/script|onerror/);
      const old = await readAs(restored, 'public', `/v1/articles/slug/${exported.retiredSlugs[0].slug}`);
      expect(old.statusCode).toBe(301);
      expect(old.headers.location).toBe(`/v1/articles/slug/${exported.article.slug}`);
    } finally {
      await restored.close();
    }
  });
});

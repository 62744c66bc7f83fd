import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { captionInput } from './helpers/content.js';
import { createArticle, expectProblem, ifMatch, storyInput } from './helpers/factories.js';

/** Caption image URLs are well-formed absolute http(s) URLs, stored normalised. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const REFUSED = [
  'https://images.example.com/a"b.jpg',
  "https://images.example.com/it's.jpg",
  'https://images.example.com/a b.jpg',
  'https://images.example.com/"><script>alert(1)</script>',
  'https://images.example.com/<img>',
  'https://images.example.com\\evil.example/x.jpg',
  'https://images.example.com/x.jpg\n',
  'https:images.example.com/x.jpg',
  'https:///x.jpg',
  '//images.example.com/x.jpg',
  '/relative/x.jpg',
  'javascript:alert(1)',
  'ftp://images.example.com/x.jpg',
];

describe('caption imageUrl', () => {
  for (const imageUrl of REFUSED) {
    it(`refuses ${JSON.stringify(imageUrl)} with a 400 naming captions.0.imageUrl, storing nothing`, async () => {
      const before = await t.app.database.prisma.article.count();
      const response = await t.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: admin,
        payload: storyInput({ captions: [captionInput({ imageUrl })] }),
      });
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors.map((e: { path: string }) => e.path)).toContain('captions.0.imageUrl');
      expect(await t.app.database.prisma.article.count()).toBe(before);
    });
  }

  it('stores a URL normalised: scheme and host lowercased, default port and dot segments dropped, non-ASCII encoded', async () => {
    const story = await createArticle(t, {
      captions: [captionInput({ imageUrl: 'HTTPS://Images.Example.COM:443/crimea/../photos/Café.jpg?w=800' })],
    });
    const stored = (story.captions as Array<{ imageUrl: string }>)[0]?.imageUrl;
    expect(stored).toBe('https://images.example.com/photos/Caf%C3%A9.jpg?w=800');
  });

  it('is checked the same way when a caption is added or changed', async () => {
    const story = await createArticle(t, { headline: 'Image URL caption routes' });
    const added = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/captions`,
      headers: ifMatch(story.etag),
      payload: captionInput({ imageUrl: 'https://x.example/"onerror="x' }),
    });
    expect(expectProblem(added, 400, 'VALIDATION_FAILED').errors[0].path).toBe('imageUrl');
    const ok = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/captions`,
      headers: ifMatch(story.etag),
      payload: captionInput({ imageUrl: 'http://X.example:80/a.jpg' }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().imageUrl).toBe('http://x.example/a.jpg');
    const patched = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}/captions/${ok.json().id}`,
      headers: ifMatch(ok.headers.etag as string),
      payload: { imageUrl: 'https://x.example/a b.jpg' },
    });
    expect(expectProblem(patched, 400, 'VALIDATION_FAILED').errors[0].path).toBe('imageUrl');
  });
});

describe('cms import of a directory', () => {
  it('does not follow symbolic links out of the directory, and says so', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'cms-outside-'));
    writeFileSync(
      join(outside, 'secret.txt'),
      'Outside story headline\n\nA paragraph that must never be imported from outside.\n\nTest Wire\n',
    );
    mkdirSync(join(outside, 'more'));
    writeFileSync(
      join(outside, 'more', 'deep.txt'),
      'Deep outside headline\n\nAnother paragraph from outside the directory.\n\nTest Wire\n',
    );
    const dir = mkdtempSync(join(tmpdir(), 'cms-inside-'));
    writeFileSync(
      join(dir, 'inside.txt'),
      'Inside story headline\n\nA paragraph from inside the directory.\n\nTest Wire\n',
    );
    symlinkSync(join(dir, 'inside.txt'), join(dir, 'alias.txt'));
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    symlinkSync(join(outside, 'more'), join(dir, 'linked-dir'));

    const run = await runCli(t.url, ['import', dir]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^Imported: 1$/m);
    expect(run.stdout).toContain(`link.txt: is a symbolic link to a file outside ${dir}: not followed`);
    expect(run.stdout).toContain(`linked-dir: is a symbolic link to a directory outside ${dir}: not followed`);
    const headlines = (await t.app.database.prisma.article.findMany({ select: { headline: true } })).map(
      (a) => a.headline,
    );
    expect(headlines).toContain('Inside story headline');
    expect(headlines).not.toContain('Outside story headline');
    expect(headlines).not.toContain('Deep outside headline');
  }, 120_000);
});

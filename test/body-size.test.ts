import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_BODY_MARKUP } from '../src/lib/limits.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, ifMatch, storyInput } from './helpers/factories.js';

/**
 * The 1 MB limit holds for the body as stored and served, not only as sent: sanitising turns `&`
 * into `&amp;` and closes unclosed tags, so a body that grows past the limit is refused, and so is
 * one with more markup than sanitising may cost (bench/sanitise.ts measures that cost).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const post = (body: string) =>
  t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: storyInput({ body }) });
const count = () => t.app.database.prisma.article.count();
const revisions = () => t.app.database.prisma.revision.count();

function expectBodyRefused(response: Parameters<typeof expectProblem>[0], message: RegExp) {
  const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(problem.errors).toHaveLength(1);
  expect(problem.errors[0].path).toBe('body');
  expect(problem.errors[0].message).toMatch(message);
}

describe('story bodies that grow when sanitised', () => {
  it('1 MB of "&" (5 MB as entities) is a 400 naming body, and nothing is stored', async () => {
    const before = [await count(), await revisions()];
    expectBodyRefused(await post('&'.repeat(MAX_BODY_BYTES)), /tags and character references/);
    // 855 KB as sent, under the markup bound; 1.2 MB once every & is &amp;.
    expectBodyRefused(await post(`<p>${'abcdef & '.repeat(95_000)}</p>`), /once sanitised/);
    expect([await count(), await revisions()]).toEqual(before);
  });

  it('a body that stays within 1 MB once sanitised is stored sanitised, within the limit', async () => {
    const story = await createArticle(t, { body: `<p>${'Fish & chips. '.repeat(50_000)}</p>` });
    const stored = await t.app.database.prisma.article.findUniqueOrThrow({
      where: { id: story.id },
      select: { body: true },
    });
    expect(Buffer.byteLength(stored.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(stored.body).toContain('Fish &amp; chips.');
    const revision = await t.app.database.prisma.revision.findFirstOrThrow({ where: { articleId: story.id } });
    expect(Buffer.byteLength(JSON.parse(revision.snapshot).body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });

  it('PATCH is held to the same limit and changes nothing when refused', async () => {
    const story = await createArticle(t, { headline: 'Body size patch story' });
    const response = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { body: '<'.repeat(400_000) },
    });
    expectBodyRefused(response, /.+/);
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(read.headers.etag).toBe(story.etag);
    expect(read.json().body).toBe(story.body);
  });
});

describe('story bodies with more markup than sanitising may cost', () => {
  it(`1 MB of unclosed <b> (over ${MAX_BODY_MARKUP} tags) is a 400 naming body`, async () => {
    expectBodyRefused(await post('<b>'.repeat(MAX_BODY_BYTES / 3)), new RegExp(`at most ${MAX_BODY_MARKUP} tags`));
  });

  it(`${MAX_BODY_MARKUP} tags and references are still accepted`, async () => {
    const unit = '<p>x &amp; y</p>';
    const body = unit.repeat(MAX_BODY_MARKUP / 3);
    const response = await post(body);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(201);
  });
});

describe('POST /v1/imports', () => {
  it('a story whose escaped body is over 1 MB is a 422 UNPARSABLE_STORY naming the body', async () => {
    const paragraph = `${'Salt & pepper '.repeat(70)}\n\n`;
    const text = `Seasoning shortage hits the coast\n\n${paragraph.repeat(1000)}Test Wire\n`;
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_BODY_BYTES);
    const response = await t.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: { ...admin, 'content-type': 'text/plain' },
      payload: text,
    });
    const problem = expectProblem(response, 422, 'UNPARSABLE_STORY');
    expect(problem.detail).toMatch(/body/);
  });
});

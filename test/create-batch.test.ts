import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem } from './helpers/factories.js';

/**
 * Creates that arrive together are written in one transaction (articles/create-batch.ts). Each
 * must come out exactly as a create written alone: its own slug, version 1, its revision under the
 * key that sent it, its outbox event, searchable; and a create that fails must fail alone.
 */
let t: TestApp;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { onQuery: (sql) => statements.push(sql) });
});
afterAll(async () => {
  await t?.close();
});

async function editorKey(name: string): Promise<{ id: string; headers: Record<string, string> }> {
  const response = await t.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: admin,
    payload: { name, role: 'editor' },
  });
  expect(response.statusCode, response.body).toBe(201);
  const { id, secret } = response.json();
  return { id, headers: { authorization: `Bearer ${secret}` } };
}

const story = (n: number, overrides: Record<string, unknown> = {}) => ({
  headline: `Harbour wall gives way in the storm ${n % 3}`,
  summary: `Summary ${n}`,
  body: `<p>Storm surge number ${n} breaks the harbour wall.</p>`,
  section: 'Batch',
  tags: ['storm', `tide-${n}`],
  captions: [{ text: `Waves over the wall, picture ${n}`, credit: 'Desk' }],
  ...overrides,
});

const post = (headers: Record<string, string>, payload: object) =>
  t.inject({ method: 'POST', url: '/v1/articles', headers, payload });

describe('POST /v1/articles, many at once', () => {
  it('writes each story whole, as a create on its own would, with far fewer statements', async () => {
    const [desk, wire] = [await editorKey('Desk'), await editorKey('Wire')];
    const target = await createArticle(t, { headline: 'Batch link target' });
    statements.length = 0;
    const sent = Array.from({ length: 12 }, (_, n) => ({
      key: n % 2 ? wire : desk,
      payload: story(n, { related: [{ articleId: target.id, rel: 'background' }] }),
    }));
    const responses = await Promise.all(sent.map(({ key, payload }) => post(key.headers, payload)));
    const perCreate = statements.length / sent.length;

    const created = responses.map((response) => {
      expect(response.statusCode, response.body).toBe(201);
      expect(response.headers.etag).toBe('"v1"');
      return response.json();
    });
    expect(new Set(created.map((a) => a.slug)).size).toBe(12);
    for (const [n, article] of created.entries()) {
      expect(article).toMatchObject({
        headline: sent[n]?.payload.headline,
        summary: `Summary ${n}`,
        status: 'draft',
        version: 1,
        tags: ['storm', `tide-${n}`],
        captions: [expect.objectContaining({ text: `Waves over the wall, picture ${n}`, position: 0 })],
        related: [expect.objectContaining({ id: target.id, rel: 'background', position: 0 })],
      });
      const read = await t.inject({ method: 'GET', url: `/v1/articles/${article.id}`, headers: admin });
      expect(read.json()).toEqual(article);
      const revisions = await t.inject({ method: 'GET', url: `/v1/articles/${article.id}/revisions`, headers: admin });
      expect(revisions.json().data).toEqual([
        expect.objectContaining({ version: 1, action: 'created', actor: `api-key:${sent[n]?.key.id}` }),
      ]);
    }
    // Alone, a create like these is about twenty statements.
    expect(perCreate).toBeLessThan(8);

    const search = await t.inject({
      method: 'GET',
      url: '/v1/articles?q=surge&section=Batch&limit=50',
      headers: admin,
    });
    expect(
      search
        .json()
        .data.map((a: { id: string }) => a.id)
        .sort(),
    ).toEqual(created.map((a) => a.id).sort());
    // One outbox event each (the change feed and webhooks number and send them from there).
    const events = await t.app.database.prisma.outboxEvent.findMany({
      where: { articleId: { in: created.map((a) => a.id) } },
      select: { articleId: true, version: true },
    });
    expect(events.map((e) => e.articleId).sort()).toEqual(created.map((a) => a.id).sort());
    expect(events.every((e) => e.version === 1)).toBe(true);
  });

  it('fails only the create that is wrong, and leaves nothing of it', async () => {
    const { headers } = await editorKey('Night desk');
    const before = await t.app.database.prisma.article.count();
    const responses = await Promise.all([
      post(headers, story(100)),
      post(headers, story(101, { related: [{ articleId: '01900000-0000-7000-8000-000000000000' }] })),
      post(headers, story(102)),
      post(headers, story(103, { slug: 'batch-explicit-slug' })),
      post(headers, story(104, { slug: 'batch-explicit-slug' })),
    ]);
    expect(responses.slice(0, 3).map((r) => r.statusCode)).toEqual([201, 422, 201]);
    expectProblem(responses[1] as Parameters<typeof expectProblem>[0], 422, 'UNKNOWN_ARTICLE');
    // The same slug asked for twice at once: one of the two gets it.
    const [first, second] = responses.slice(3) as [(typeof responses)[number], (typeof responses)[number]];
    expect([first.statusCode, second.statusCode].sort()).toEqual([201, 409]);
    expectProblem(first.statusCode === 409 ? first : second, 409, 'SLUG_TAKEN');
    expect(await t.app.database.prisma.article.count()).toBe(before + 3);
    expect(await t.app.database.prisma.caption.count({ where: { text: 'Waves over the wall, picture 101' } })).toBe(0);
  });
});

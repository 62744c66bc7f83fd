import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, ifMatch, storyInput } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { openapiOperations } from './helpers/operations.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Request = { method: 'POST'; url: string; headers: Record<string, string>; payload?: string | object };
const twice = async (request: Request, key: string) => {
  const send = () => t.inject({ ...request, headers: { ...request.headers, 'idempotency-key': key } });
  const first = await send();
  const again = await send();
  expect(first.statusCode, first.body).toBeLessThan(300);
  expect(again.statusCode).toBe(first.statusCode);
  expect(again.headers['idempotency-replayed']).toBe('true');
  expect(again.body).toBe(first.body);
  expect(again.headers.etag).toBe(first.headers.etag);
  return first;
};
const versions = (articleId: string) => t.app.database.prisma.revision.count({ where: { articleId } });

describe('Idempotency-Key on every POST', () => {
  it('is documented on every POST operation of the OpenAPI document', async () => {
    // Webhooks (landed alongside) deliver in the background: not yet idempotent, see docs/guides/editing.md.
    const posts = (await openapiOperations(t)).filter(
      (op) => op.method === 'POST' && !op.path.startsWith('/v1/webhooks'),
    );
    expect(posts.length).toBeGreaterThanOrEqual(11);
    const without = posts.filter(
      (op) => !op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
    );
    expect(without.map((op) => op.operationId)).toEqual([]);
  });

  it('POST /v1/api-keys: a retry returns the same key and secret and creates one key; the secret is not stored readable', async () => {
    const before = await t.app.database.prisma.apiKey.count();
    const first = await twice(
      { method: 'POST', url: '/v1/api-keys', headers: admin, payload: { name: 'Web desk', role: 'editor' } },
      'key-create-1',
    );
    expect(first.statusCode).toBe(201);
    const { id, secret } = first.json();
    expect(await t.app.database.prisma.apiKey.count()).toBe(before + 1);
    const stored = await t.app.database.prisma.idempotencyKey.findMany();
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(row.body).not.toContain(secret);
    const works = await t.inject({
      method: 'GET',
      url: `/v1/articles`,
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(works.statusCode).toBe(200);

    // Another admin using the same Idempotency-Key has a key space of their own: no one else's secret.
    const other = await createKey(t, 'admin', 'Second admin');
    const theirs = await t.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { ...other.headers, 'idempotency-key': 'key-create-1' },
      payload: { name: 'Web desk', role: 'editor' },
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotency-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(id);
  });

  it('POST /v1/imports: a retry replays the 201, creating one story', async () => {
    const text =
      'Lock gates replaced on the canal\n\nThe new gates were fitted on Tuesday.\n\nBoats can pass again from Friday.\n\nHarbour Wire\n';
    const first = await twice(
      { method: 'POST', url: '/v1/imports', headers: { ...admin, 'content-type': 'text/plain' }, payload: text },
      'import-1',
    );
    expect(first.statusCode).toBe(201);
    expect(await t.app.database.prisma.article.count({ where: { headline: 'Lock gates replaced on the canal' } })).toBe(
      1,
    );
  });

  it('POST …/revisions/{version}/restore and POST /v1/trash/{id}/restore: a retry replays, making one version', async () => {
    const story = await createArticle(t);
    const edited = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch(story.etag),
      payload: { summary: 'Edited' },
    });
    const restored = await twice(
      {
        method: 'POST',
        url: `/v1/articles/${story.id}/revisions/1/restore`,
        headers: ifMatch(edited.headers.etag as string),
      },
      'restore-1',
    );
    expect(restored.headers.etag).toBe('"v3"');
    expect(await versions(story.id)).toBe(3);

    const trashed = await t.inject({ method: 'DELETE', url: `/v1/articles/${story.id}`, headers: ifMatch('"v3"') });
    expect(trashed.statusCode).toBe(204);
    const back = await twice(
      { method: 'POST', url: `/v1/trash/${story.id}/restore`, headers: ifMatch('"v4"') },
      'untrash-1',
    );
    expect(back.headers.etag).toBe('"v5"');
    expect(await versions(story.id)).toBe(5);
  });

  it('requests with one key at the same time: one story, every answer the same', async () => {
    const payload = storyInput({ headline: 'Five retries at once' });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.inject({ method: 'POST', url: '/v1/articles', headers: { ...admin, 'idempotency-key': 'at-once' }, payload }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await t.app.database.prisma.article.count({ where: { headline: 'Five retries at once' } })).toBe(1);
  });
});

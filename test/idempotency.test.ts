import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, ifMatch, storyInput } from './helpers/factories.js';

let t: TestApp;
const clock = { now: new Date('2026-03-01T10:00:00Z') };
beforeAll(async () => {
  t = await createTestApp({}, { now: () => new Date(clock.now) });
});
afterAll(async () => {
  await t.close();
});

const post = (key: string | undefined, payload: Record<string, unknown>) =>
  t.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: { ...admin, ...(key && { 'idempotency-key': key }) },
    payload,
  });
const count = () => t.app.database.prisma.article.count();

describe('Idempotency-Key on POST /v1/articles', () => {
  it('returns the first response to a retry with the same key and body, creating nothing', async () => {
    const before = await count();
    const first = await post('key-retry-1', storyInput({ headline: 'Retried story' }));
    expect(first.statusCode).toBe(201);
    const retry = await post('key-retry-1', storyInput({ headline: 'Retried story' }));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(await count()).toBe(before + 1);
  });

  it('answers 422 for the same key with a different body, and creates nothing', async () => {
    await post('key-reuse', storyInput({ headline: 'One body' }));
    const before = await count();
    expectProblem(await post('key-reuse', storyInput({ headline: 'Another body' })), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count()).toBe(before);
  });

  it('keeps keys apart per endpoint and treats each key on its own', async () => {
    const a = await post('key-a', storyInput({ headline: 'Story A' }));
    const b = await post('key-b', storyInput({ headline: 'Story A' }));
    expect(a.json().id).not.toBe(b.json().id);
    const caption = await t.inject({
      method: 'POST',
      url: `/v1/articles/${a.json().id}/captions`,
      headers: { ...ifMatch('"v1"'), 'idempotency-key': 'key-a' },
      payload: { text: 'Same key, other endpoint' },
    });
    expect(caption.statusCode).toBe(201);
  });

  it('does not store failures: a retry after a 400 can succeed', async () => {
    expectProblem(await post('key-after-error', { headline: '' }), 400);
    const ok = await post('key-after-error', storyInput({ headline: 'Fixed and retried' }));
    expect(ok.statusCode).toBe(201);
  });

  it('replays a caption create without adding a second caption or version', async () => {
    const story = await createArticle(t);
    const send = () =>
      t.inject({
        method: 'POST',
        url: `/v1/articles/${story.id}/captions`,
        headers: { ...ifMatch('"v1"'), 'idempotency-key': 'caption-once' },
        payload: { text: 'Only once' },
      });
    const first = await send();
    const again = await send();
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const article = (await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin })).json();
    expect(article.captions).toHaveLength(1);
    expect(article.version).toBe(2);
  });

  it('forgets keys after 24 hours', async () => {
    const first = await post('key-expiring', storyInput({ headline: 'Expiring key' }));
    clock.now = new Date(clock.now.getTime() + 24 * 3600 * 1000 + 1000);
    const later = await post('key-expiring', storyInput({ headline: 'Expiring key' }));
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotency-replayed']).toBeUndefined();
    expect(later.json().id).not.toBe(first.json().id);
  });

  it('rejects a malformed key with 400', async () => {
    expectProblem(await post('x'.repeat(300), storyInput()), 400);
  });
});

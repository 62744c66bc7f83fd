import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { step } from './helpers/publishing.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { createWebhook, deliveries, FAST_WEBHOOKS, unique } from './helpers/webhooks.js';

let t: TestApp;
let failing: Receiver;
let healthy: Receiver;
beforeAll(async () => {
  // A failed attempt waits a minute before its retry: the failing receiver's rows stay blocked all test long.
  t = await createTestApp(
    { ...FAST_WEBHOOKS, WEBHOOK_RETRY_BASE_MS: '60000', WEBHOOK_RETRY_MAX_MS: '60000' },
    { dispatcher: true },
  );
  failing = await startReceiver(() => 500);
  healthy = await startReceiver(() => 200);
});
afterAll(async () => {
  await t?.close();
  await failing?.close();
  await healthy?.close();
});

const versionsFor = (r: Receiver, articleId: string) =>
  unique(r)
    .filter((x) => x.json.article.id === articleId)
    .map((x) => x.json.article.version);

describe('one failing receiver', () => {
  it('never delays another webhook’s deliveries, nor other stories, and each webhook keeps per-story order', async () => {
    const broken = await createWebhook(t, failing.url);
    await createWebhook(t, healthy.url);
    const edited = await createArticle(t, { headline: 'Edited twenty times while one receiver is down' });
    for (let i = 1; i <= 20; i += 1) {
      const response = await t.inject({
        method: 'PATCH',
        url: `/v1/articles/${edited.id}`,
        headers: ifMatch(edited.etag),
        payload: { summary: `Edit number ${i}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      edited.etag = response.headers.etag as string;
    }
    const other = await createArticle(t, { headline: 'Another story, published meanwhile' });
    await step(t, other, 'publish');

    const editedVersions = Array.from({ length: 21 }, (_, i) => i + 1);
    await expect.poll(() => versionsFor(healthy, edited.id), { timeout: 15_000, interval: 50 }).toEqual(editedVersions);
    await expect.poll(() => versionsFor(healthy, other.id), { timeout: 15_000, interval: 50 }).toEqual([1, 2]);
    // The healthy receiver got nothing twice and nothing out of order.
    expect(healthy.received.filter((x) => x.json.article.id === edited.id).map((x) => x.json.article.version)).toEqual(
      editedVersions,
    );

    // The failing receiver only ever saw each story's first event: later ones wait behind it.
    expect(new Set(failing.received.map((x) => `${x.json.article.id} ${x.json.article.version}`))).toEqual(
      new Set([`${edited.id} 1`, `${other.id} 1`]),
    );
    const pending = (await deliveries(t, broken.id, '?status=pending&limit=100')).length;
    expect(pending).toBe(23);
  });
});

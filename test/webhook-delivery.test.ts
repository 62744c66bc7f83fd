import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { step } from './helpers/publishing.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import {
  ALL_EVENTS,
  type CreatedWebhook,
  createWebhook,
  deliveries,
  FAST_WEBHOOKS,
  readmeVerifier,
  unique,
} from './helpers/webhooks.js';

const poll = { timeout: 10_000, interval: 25 };

let t: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  t = await createTestApp(FAST_WEBHOOKS, { dispatcher: true });
  receiver = await startReceiver();
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

/**
 * What one article's deliveries said so far, as its event types. Like a real receiver, duplicates
 * (the same webhook-id again: at-least-once, e.g. an answer that came after the timeout) count once.
 */
const typesFor = (r: Receiver, articleId: string) =>
  unique(r)
    .filter((x) => x.json.article.id === articleId)
    .map((x) => x.json.type);

describe('POST to a webhook target', () => {
  it('signs each delivery so that the webhook guide snippet, and the Standard Webhooks library, verify it', async () => {
    const hook = await createWebhook(t, receiver.url, ['article.created']);
    const story = await createArticle(t, { headline: 'Signed delivery of a new story' });
    await expect.poll(() => typesFor(receiver, story.id), poll).toEqual(['article.created']);
    const got = receiver.received.find((x) => x.json.article.id === story.id)!;

    const verify = await readmeVerifier();
    expect(verify(hook.secret, got.headers, got.body)).toBe(true);
    expect(verify(hook.secret, got.headers, got.body.replace('"version":1', '"version":2'))).toBe(false);
    expect(verify(hook.secret, { ...got.headers, 'webhook-id': 'another-delivery' }, got.body)).toBe(false);
    expect(verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, got.headers, got.body)).toBe(false);
    expect(
      verify(
        hook.secret,
        { ...got.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) },
        got.body,
      ),
    ).toBe(false);
    expect(() =>
      new StandardWebhook(hook.secret).verify(got.body, got.headers as Record<string, string>),
    ).not.toThrow();
    // Byte for byte what the spec says: HMAC-SHA256 keyed with the secret's base64 part over id.timestamp.body.
    const key = Buffer.from(hook.secret.slice('whsec_'.length), 'base64');
    const signed = `${got.headers['webhook-id']}.${got.headers['webhook-timestamp']}.${got.body}`;
    expect(got.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`);

    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-cms-event']).toBe('article.created');
    expect(got.json).toMatchObject({
      type: 'article.created',
      action: 'created',
      article: { id: story.id, version: 1, slug: story.slug },
    });
    const [delivery] = await deliveries(t, hook.id);
    expect(got.headers['webhook-id']).toBe(delivery.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 1, lastStatusCode: 204, event: got.json });
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ number: 1, outcome: 'succeeded', statusCode: 204, error: null }),
    ]);
    expect(delivery.attempts[0].latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends each of the six event types, and only to webhooks subscribed to it', async () => {
    const everything = await startReceiver();
    const onlyPublished = await startReceiver();
    try {
      await createWebhook(t, everything.url, ALL_EVENTS);
      await createWebhook(t, onlyPublished.url, ['article.published']);
      const story = await createArticle(t, { headline: 'A story that goes through the whole workflow' });
      const patched = await t.inject({
        method: 'PATCH',
        url: `/v1/articles/${story.id}`,
        headers: ifMatch(story.etag),
        payload: { summary: 'New summary' },
      });
      expect(patched.statusCode).toBe(200);
      story.etag = patched.headers.etag as string;
      await step(t, story, 'publish');
      await step(t, story, 'unpublish');
      await step(t, story, 'archive');
      expect(
        (await t.inject({ method: 'DELETE', url: `/v1/articles/${story.id}`, headers: ifMatch(story.etag) }))
          .statusCode,
      ).toBe(204);

      const expected = [
        'article.created',
        'article.updated',
        'article.published',
        'article.unpublished',
        'article.archived',
        'article.deleted',
      ];
      await expect.poll(() => typesFor(everything, story.id), poll).toEqual(expected);
      expect(unique(everything).map((x) => x.json.article.version)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(unique(everything).at(-1)!.json).toMatchObject({ action: 'trashed', public: false });
      await expect.poll(() => typesFor(onlyPublished, story.id), poll).toEqual(['article.published']);
      // Every delivery has its own id.
      expect(new Set(unique(everything).map((x) => x.headers['webhook-id'])).size).toBe(6);
    } finally {
      await everything.close();
      await onlyPublished.close();
    }
  });

  it('keeps retrying while the receiver is down and delivers once it is back', async () => {
    const flaky = await startReceiver();
    try {
      const hook = await createWebhook(t, flaky.url, ['article.created']);
      await flaky.down();
      const story = await createArticle(t, { headline: 'Filed while the frontend was down' });
      await expect
        .poll(async () => (await deliveries(t, hook.id))[0]?.attemptCount ?? 0, poll)
        .toBeGreaterThanOrEqual(2);
      const waiting = (await deliveries(t, hook.id))[0];
      expect(waiting).toMatchObject({ status: expect.stringMatching(/pending|delivering/), lastStatusCode: null });
      expect(waiting.lastError).toMatch(/could not reach the receiver/);

      await flaky.up();
      await expect.poll(async () => (await deliveries(t, hook.id))[0]?.status, poll).toBe('succeeded');
      const done = (await deliveries(t, hook.id))[0];
      expect(done.attempts.map((a: { outcome: string }) => a.outcome).slice(-1)).toEqual(['succeeded']);
      expect(done.attempts.filter((a: { outcome: string }) => a.outcome === 'failed').length).toBeGreaterThanOrEqual(2);
      expect(typesFor(flaky, story.id)).toEqual(['article.created']);
      expect(flaky.received[0]!.headers['webhook-id']).toBe(done.id);
    } finally {
      await flaky.close();
    }
  });

  it('marks a delivery failed after WEBHOOK_MAX_ATTEMPTS, and sends it again on retry', async () => {
    const broken = await startReceiver(() => 500);
    try {
      const hook = await createWebhook(t, broken.url, ['article.created']);
      await createArticle(t, { headline: 'A story the receiver keeps refusing' });
      await expect.poll(async () => (await deliveries(t, hook.id))[0]?.status, poll).toBe('failed');
      const failed = (await deliveries(t, hook.id, '?status=failed'))[0];
      expect(failed).toMatchObject({
        attemptCount: 5,
        lastStatusCode: 500,
        lastError: 'the receiver answered 500',
        nextAttemptAt: null,
      });
      expect(broken.received).toHaveLength(5);

      broken.behave(() => 200);
      const retried = await t.inject({
        method: 'POST',
        url: `/v1/webhooks/${hook.id}/deliveries/${failed.id}/retry`,
        headers: admin,
      });
      expect(retried.statusCode, retried.body).toBe(202);
      expect(retried.json()).toMatchObject({ id: failed.id, status: 'pending' });
      await expect.poll(async () => (await deliveries(t, hook.id))[0]?.status, poll).toBe('succeeded');
      expect(broken.received).toHaveLength(6);
      expect(new Set(broken.received.map((x) => x.headers['webhook-id']))).toEqual(new Set([failed.id]));
      expect((await deliveries(t, hook.id))[0].attempts.map((a: { number: number }) => a.number)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
    } finally {
      await broken.close();
    }
  });

  it('delivers one story’s events in order, even when one of them needs retries', async () => {
    const picky = await startReceiver((request) =>
      request.json.article.version === 1 && picky.received.length < 3 ? 503 : 204,
    );
    try {
      await createWebhook(t, picky.url, ['article.created', 'article.updated']);
      const story = await createArticle(t, { headline: 'Edited three times in a row' });
      for (const summary of ['One', 'Two', 'Three']) {
        const response = await t.inject({
          method: 'PATCH',
          url: `/v1/articles/${story.id}`,
          headers: ifMatch(story.etag),
          payload: { summary },
        });
        story.etag = response.headers.etag as string;
      }
      await expect.poll(() => picky.received.length, poll).toBe(6);
      expect(picky.received.map((x) => x.json.article.version)).toEqual([1, 1, 1, 2, 3, 4]);
    } finally {
      await picky.close();
    }
  });
});

describe('a slow or dead receiver', () => {
  it('never holds up the API: sends run off the request path, at most WEBHOOK_CONCURRENCY at a time, cut off by the timeout', async () => {
    const slow = await createTestApp(
      { ...FAST_WEBHOOKS, WEBHOOK_CONCURRENCY: '2', WEBHOOK_TIMEOUT_MS: '300' },
      { dispatcher: true },
    );
    const hanging = await startReceiver(() => 'hang');
    try {
      const hook = await createWebhook(slow, hanging.url, ['article.created']);
      const stories = [];
      for (let i = 0; i < 5; i++)
        stories.push(await createArticle(slow, { headline: `Story ${i} while the receiver hangs` }));
      await expect.poll(() => hanging.received.length, poll).toBeGreaterThanOrEqual(2);
      // The API kept answering while two sends were stuck.
      expect((await slow.inject({ method: 'GET', url: '/v1/articles', headers: admin })).statusCode).toBe(200);
      await expect
        .poll(
          async () => (await deliveries(slow, hook.id)).some((d) => d.lastError === 'no answer within 300 ms'),
          poll,
        )
        .toBe(true);
      expect(hanging.maxConcurrent).toBeLessThanOrEqual(2);
    } finally {
      await slow.close();
      await hanging.close();
    }
  });
});

describe('targets checked again at send time', () => {
  it('refuses to send to a private address from an instance that does not allow them, whatever was saved', async () => {
    const target = await startReceiver();
    // Ready first: readiness starts the dispatcher, which would then send what this test must not.
    await t.app.ready();
    await t.app.services.dispatcher.stop();
    // The database has webhooks on loopback (saved where private targets were allowed), also written
    // as IPv6 that embeds it (IPv4-mapped, and IPv4-compatible: what a URL makes of [::127.0.0.1]),
    // and by a name that resolves to it (checked on the address the connection would use), and an
    // instance that does not allow them is the one sending.
    const hosts = ['127.0.0.1', '[::ffff:127.0.0.1]', '[::127.0.0.1]', 'localhost'];
    const hooks: CreatedWebhook[] = [];
    for (const host of hosts)
      hooks.push(await createWebhook(t, target.url.replace('127.0.0.1', host), ['article.created']));
    const strict = await createInstance(
      t.url,
      { dispatcher: true },
      { ...FAST_WEBHOOKS, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_MAX_ATTEMPTS: '2' },
    );
    await strict.app.ready();
    try {
      await createArticle(t, { headline: 'Never to reach the private network' });
      const lastErrors = async () => {
        const latest = await Promise.all(hooks.map(async (hook) => (await deliveries(t, hook.id))[0]));
        return latest.map((delivery) => (delivery?.status === 'failed' ? delivery.lastError : 'not failed yet'));
      };
      await expect
        .poll(lastErrors, poll)
        .toEqual([
          '127.0.0.1 is not a public address',
          '::ffff:7f00:1 is not a public address',
          '::7f00:1 is not a public address',
          expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/),
        ]);
      expect(target.received).toHaveLength(0);
    } finally {
      await strict.close();
      t.app.services.dispatcher.start();
      await target.close();
    }
  });
});

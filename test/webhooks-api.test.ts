import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { startReceiver } from './helpers/receiver.js';
import { createWebhook, deliveries, FAST_WEBHOOKS, readmeVerifier } from './helpers/webhooks.js';

const poll = { timeout: 10_000, interval: 25 };
const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

let strict: TestApp;
let loose: TestApp;
let log = '';
beforeAll(async () => {
  strict = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
  loose = await createTestApp(
    { ...FAST_WEBHOOKS, LOG_LEVEL: 'trace' },
    {
      dispatcher: true,
      logStream: {
        write: (line) => {
          log += line;
        },
      },
    },
  );
});
afterAll(async () => {
  await strict?.close();
  await loose?.close();
});

describe('POST /v1/webhooks', () => {
  it('creates a webhook and shows its secret only in the answer to the creation', async () => {
    const response = await strict.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin,
      payload: {
        url: 'https://93.184.216.34/hooks/cms',
        events: ['article.deleted', 'article.published', 'article.published'],
        description: 'CDN purge',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(response.headers.location).toBe(`/v1/webhooks/${created.id}`);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(created).toMatchObject({
      url: 'https://93.184.216.34/hooks/cms',
      events: ['article.published', 'article.deleted'],
      description: 'CDN purge',
      enabled: true,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const one = await strict.inject({ method: 'GET', url: `/v1/webhooks/${created.id}`, headers: admin });
    expect(one.statusCode).toBe(200);
    const { secret, ...rest } = created;
    expect(one.json()).toEqual(rest);
    const list = await strict.inject({ method: 'GET', url: '/v1/webhooks', headers: admin });
    expect(list.json().data).toContainEqual(rest);
    for (const body of [one.body, list.body]) expect(body).not.toContain(secret.slice(6));
  });

  it('takes a secret of the caller’s choosing', async () => {
    const created = await createWebhook(strict, 'https://93.184.216.34/a', ['article.created'], { secret: SECRET });
    expect(created.secret).toBe(SECRET);
  });

  it('refuses bad input with a 400 naming each field, and creates nothing', async () => {
    const before = (await strict.inject({ method: 'GET', url: '/v1/webhooks', headers: admin })).json().data.length;
    const response = await strict.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin,
      payload: { url: 'ftp://example.com/x', events: ['article.exploded'], secret: 'hunter2', colour: 'blue' },
    });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    const paths = problem.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['url', 'events.0', 'secret']));
    expect(problem.detail).toMatch(/colour/);
    expectProblem(
      await strict.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: admin,
        payload: { url: 'https://93.184.216.34/', events: [] },
      }),
      400,
    );
    expect((await strict.inject({ method: 'GET', url: '/v1/webhooks', headers: admin })).json().data).toHaveLength(
      before,
    );
  });

  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost:3000/hook',
    'http://[::1]/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/',
    'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::127.0.0.1]/hook',
    'http://[::7f00:1]/hook',
    'http://[::a9fe:a9fe]/latest/meta-data',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[fec0::1]/',
    'http://[2001:db8::1]/',
    'http://0.0.0.0/',
    'http://100.64.0.1/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
    'http://no-such-host.invalid/hook',
  ])('refuses the target %s with 422 WEBHOOK_TARGET_REFUSED', async (url) => {
    const response = await strict.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin,
      payload: { url, events: ['article.created'] },
    });
    expect(expectProblem(response, 422, 'WEBHOOK_TARGET_REFUSED').detail).toMatch(/public address|does not resolve/);
  });

  it('is for admin keys only', async () => {
    const editor = await createKey(strict, 'editor');
    const payload = { url: 'https://93.184.216.34/', events: ['article.created'] };
    expectProblem(
      await strict.inject({ method: 'POST', url: '/v1/webhooks', headers: editor.headers, payload }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await strict.inject({ method: 'POST', url: '/v1/webhooks', payload }), 401, 'UNAUTHORIZED');
    expectProblem(await strict.inject({ method: 'GET', url: '/v1/webhooks', headers: editor.headers }), 403);
  });
});

describe('PATCH and DELETE /v1/webhooks/{id}', () => {
  it('changes events, description and enabled; refuses a private target and leaves the webhook as it was', async () => {
    const hook = await createWebhook(strict, 'https://93.184.216.34/b', ['article.created']);
    const patched = await strict.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${hook.id}`,
      headers: admin,
      payload: { events: ['article.unpublished'], description: null, enabled: false, secret: SECRET },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ events: ['article.unpublished'], description: null, enabled: false });
    expect(patched.json()).not.toHaveProperty('secret');

    const refused = await strict.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${hook.id}`,
      headers: admin,
      payload: { url: 'http://127.0.0.1/' },
    });
    expectProblem(refused, 422, 'WEBHOOK_TARGET_REFUSED');
    expect((await strict.inject({ method: 'GET', url: `/v1/webhooks/${hook.id}`, headers: admin })).json().url).toBe(
      'https://93.184.216.34/b',
    );
  });

  it('deletes a webhook with its deliveries; then it is a 404 everywhere', async () => {
    const hook = await createWebhook(strict, 'https://93.184.216.34/c', ['article.created']);
    const deleted = await strict.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: admin });
    expect(deleted.statusCode).toBe(204);
    expectProblem(
      await strict.inject({ method: 'GET', url: `/v1/webhooks/${hook.id}`, headers: admin }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await strict.inject({
        method: 'PATCH',
        url: `/v1/webhooks/${hook.id}`,
        headers: admin,
        payload: { enabled: true },
      }),
      404,
    );
    expectProblem(await strict.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: admin }), 404);
    expectProblem(
      await strict.inject({ method: 'GET', url: `/v1/webhooks/${hook.id}/deliveries`, headers: admin }),
      404,
    );
  });
});

describe('deliveries', () => {
  it('a rotated secret signs the next deliveries; no secret ever reaches the logs', async () => {
    const receiver = await startReceiver();
    try {
      const hook = await createWebhook(loose, receiver.url, ['article.created']);
      const rotated = await loose.inject({
        method: 'PATCH',
        url: `/v1/webhooks/${hook.id}`,
        headers: admin,
        payload: { secret: SECRET },
      });
      expect(rotated.statusCode).toBe(200);
      const story = await createArticle(loose);
      await expect.poll(() => receiver.received.filter((r) => r.json.article.id === story.id).length, poll).toBe(1);
      const got = receiver.received.find((r) => r.json.article.id === story.id)!;
      const verify = await readmeVerifier();
      expect(verify(SECRET, got.headers, got.body)).toBe(true);
      expect(verify(hook.secret, got.headers, got.body)).toBe(false);
      await expect.poll(() => log, poll).toMatch(/webhook delivery attempt/);
      expect(log).not.toContain(hook.secret.slice(6));
      expect(log).not.toContain(SECRET.slice(6));
    } finally {
      await receiver.close();
    }
  });

  it('retry answers 404 for an unknown delivery and 409 while the delivery is being sent', async () => {
    const receiver = await startReceiver(() => 'hang');
    try {
      const hook = await createWebhook(loose, receiver.url, ['article.created']);
      await createArticle(loose);
      await expect.poll(async () => (await deliveries(loose, hook.id))[0]?.status, poll).toBe('delivering');
      const [delivery] = await deliveries(loose, hook.id, '?status=delivering');
      const busy = await loose.inject({
        method: 'POST',
        url: `/v1/webhooks/${hook.id}/deliveries/${delivery.id}/retry`,
        headers: admin,
      });
      expectProblem(busy, 409, 'DELIVERY_IN_PROGRESS');
      const unknown = await loose.inject({
        method: 'POST',
        url: `/v1/webhooks/${hook.id}/deliveries/${hook.id}/retry`,
        headers: admin,
      });
      expectProblem(unknown, 404, 'NOT_FOUND');
      expectProblem(
        await loose.inject({ method: 'GET', url: `/v1/webhooks/${hook.id}/deliveries?status=lost`, headers: admin }),
        400,
      );
      expectProblem(
        await loose.inject({
          method: 'GET',
          url: `/v1/webhooks/${hook.id}/deliveries?cursor=nonsense`,
          headers: admin,
        }),
        400,
      );
    } finally {
      await receiver.close();
    }
  });

  it('lists deliveries newest first, in pages', async () => {
    const receiver = await startReceiver();
    try {
      const hook = await createWebhook(loose, receiver.url, ['article.created']);
      for (let i = 0; i < 3; i++) await createArticle(loose, { headline: `Paged delivery ${i}` });
      await expect.poll(async () => (await deliveries(loose, hook.id, '?status=succeeded')).length, poll).toBe(3);
      const first = await loose.inject({
        method: 'GET',
        url: `/v1/webhooks/${hook.id}/deliveries?limit=2`,
        headers: admin,
      });
      const page = first.json();
      expect(page.data).toHaveLength(2);
      const second = (
        await loose.inject({
          method: 'GET',
          url: `/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${page.nextCursor}`,
          headers: admin,
        })
      ).json();
      expect(second.data).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      const sequences = [...page.data, ...second.data].map((d: { event: { sequence: number } }) => d.event.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    } finally {
      await receiver.close();
    }
  });
});

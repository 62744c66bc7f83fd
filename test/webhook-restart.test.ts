import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, admin } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createArticle } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { nodeTs, ROOT } from './helpers/node-ts.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { createWebhook, deliveries, FAST_WEBHOOKS } from './helpers/webhooks.js';

const poll = { timeout: 20_000, interval: 50 };

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setUp(): Promise<{ database: TestDatabase; receiver: Receiver }> {
  const database = await createTestDatabase();
  cleanup.push(() => database.drop());
  const receiver = await startReceiver(() => 'hang');
  cleanup.push(() => receiver.close());
  return { database, receiver };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('a server stopped in the middle of a delivery', () => {
  it('stopped gracefully: hands the delivery back, and the next start delivers it', async () => {
    const { database, receiver } = await setUp();
    const first = await createInstance(database.url, { dispatcher: true }, FAST_WEBHOOKS);
    const hook = await createWebhook(first, receiver.url, ['article.created']);
    const story = await createArticle(first, { headline: 'Sent as the server went down' });
    await expect.poll(() => receiver.received.length, poll).toBe(1);
    await first.close();

    receiver.behave(() => 204);
    const second = await createInstance(database.url, { dispatcher: true }, FAST_WEBHOOKS);
    cleanup.push(() => second.close());
    await second.app.ready();
    await expect.poll(async () => (await deliveries(second, hook.id))[0]?.status, poll).toBe('succeeded');
    const [delivery] = await deliveries(second, hook.id);
    expect(delivery.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['interrupted', 'succeeded']);
    expect(receiver.received.map((r) => [r.headers['webhook-id'], r.json.article.id])).toEqual([
      [delivery.id, story.id],
      [delivery.id, story.id],
    ]);
  }, 120_000);

  it('killed (SIGKILL): another start takes the delivery over once its lease has run out', async () => {
    const { database, receiver } = await setUp();
    const port = await freePort();
    const server = spawn(...nodeTs('src/server.ts'), {
      cwd: ROOT,
      env: {
        // A long timeout: the send must still be hanging when the server is killed.
        ...process.env,
        ...FAST_WEBHOOKS,
        WEBHOOK_TIMEOUT_MS: '60000',
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        CMS_ADMIN_KEY: ADMIN_KEY,
        LOG_LEVEL: 'info',
        SCHEDULER_INTERVAL_MS: '0',
      },
    });
    const exited = new Promise((resolve) => server.on('exit', resolve));
    cleanup.push(async () => {
      server.kill('SIGKILL');
      await exited;
    });
    let log = '';
    server.stdout.on('data', (chunk) => (log += chunk));
    server.stderr.on('data', (chunk) => (log += chunk));
    await expect.poll(() => log, { timeout: 30_000, interval: 100 }).toMatch(/Server listening/);

    const api = `http://127.0.0.1:${port}/v1`;
    const post = (path: string, body: unknown) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as { id: string } }));
    const hook = await post('/webhooks', { url: receiver.url, events: ['article.created'] });
    expect(hook.status).toBe(201);
    const story = await post('/articles', { headline: 'Sent as the server crashed' });
    expect(story.status).toBe(201);
    await expect.poll(() => receiver.received.length, poll).toBe(1);
    server.kill('SIGKILL');
    await exited;

    receiver.behave(() => 204);
    // The dead server's lease (its timeout + 30 s) has run out by this instance's clock.
    const later = () => new Date(Date.now() + 120_000);
    const second = await createInstance(database.url, { dispatcher: true, now: later }, FAST_WEBHOOKS);
    cleanup.push(() => second.close());
    await second.app.ready();
    await expect.poll(async () => (await deliveries(second, hook.json.id))[0]?.status, poll).toBe('succeeded');
    const [delivery] = await deliveries(second, hook.json.id);
    // The killed server never recorded its attempt; the taker-over's is the second.
    expect(delivery).toMatchObject({ attemptCount: 2, attempts: [{ number: 2, outcome: 'succeeded' }] });
    expect(receiver.received.map((r) => [r.headers['webhook-id'], r.json.article.id])).toEqual([
      [delivery.id, story.json.id],
      [delivery.id, story.json.id],
    ]);
  }, 120_000);
});

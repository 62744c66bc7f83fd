import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase, testDialect } from './helpers/database.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { createWebhook, deliveries, FAST_WEBHOOKS } from './helpers/webhooks.js';

const STORIES = 12;
const EDITS = 3;

// Several servers share a database only on Postgres; on SQLite (one file, one writer) the same claim
// is a compare-and-set, tested through every other webhook test.
describe.skipIf(testDialect !== 'postgres')(
  'two instances on one Postgres database (Postgres only: a multi-server deployment)',
  () => {
    let database: TestDatabase;
    let receiver: Receiver;
    let a: TestApp;
    let b: TestApp;
    const busy = { ...FAST_WEBHOOKS, WEBHOOK_DISPATCH_INTERVAL_MS: '5', WEBHOOK_CONCURRENCY: '8' };
    beforeAll(async () => {
      database = await createTestDatabase();
      receiver = await startReceiver();
      a = await createInstance(database.url, { dispatcher: true }, busy);
      b = await createInstance(database.url, { dispatcher: true }, busy);
      await Promise.all([a.app.ready(), b.app.ready()]);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await receiver?.close();
      await database?.drop();
    });

    it('send each delivery once, and each story’s events in order', async () => {
      const hook = await createWebhook(a, receiver.url, ['article.created', 'article.updated']);
      // Writes arrive through both instances while both dispatch.
      await Promise.all(
        Array.from({ length: STORIES }, async (_, i) => {
          const via = i % 2 ? a : b;
          const story = await createArticle(via, { headline: `Story ${i} filed through two servers` });
          let etag = story.etag;
          for (let edit = 0; edit < EDITS; edit++) {
            const response = await (edit % 2 ? a : b).inject({
              method: 'PATCH',
              url: `/v1/articles/${story.id}`,
              headers: ifMatch(etag),
              payload: { summary: `Edit ${edit}` },
            });
            expect(response.statusCode, response.body).toBe(200);
            etag = response.headers.etag as string;
          }
        }),
      );
      const total = STORIES * (1 + EDITS);
      await expect
        .poll(async () => (await deliveries(a, hook.id, '?status=succeeded&limit=100')).length, {
          timeout: 30_000,
          interval: 50,
        })
        .toBe(total);

      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      const versions = new Map<string, number[]>();
      for (const { json } of receiver.received)
        versions.set(json.article.id, [...(versions.get(json.article.id) ?? []), json.article.version]);
      expect(versions.size).toBe(STORIES);
      for (const list of versions.values()) expect(list).toEqual([1, 2, 3, 4]);
    }, 60_000);
  },
);

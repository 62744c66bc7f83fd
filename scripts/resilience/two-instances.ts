import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_TYPES } from '../../src/modules/outbox/change-event.js';
import { createStory, describe, type Story, startApi } from './api.js';
import { type Check, check } from './checks.js';
import { type Answer, type Failure, isAnswer, json, send } from './http.js';
import { type Delivery, startReceiver } from './receiver.js';

/**
 * Two servers on one Postgres database under mixed load: no 5xx, one winner per ETag when both
 * receive edits against the same version, every scheduled story published exactly once though
 * both schedulers run, and every change sent to a webhook exactly once though both dispatch.
 */
export async function twoInstances(databaseUrl: string, stories: number): Promise<Check[]> {
  const prefix = `Resilience pair ${Date.now()}`;
  const env = {
    SCHEDULER_INTERVAL_MS: '200',
    WEBHOOK_DISPATCH_INTERVAL_MS: '100',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_BASE_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '500',
    WEBHOOK_CONCURRENCY: '8',
  };
  const receiver = await startReceiver();
  const a = await startApi('API instance A', databaseUrl, env);
  const b = await startApi('API instance B', databaseUrl, env);
  const results: Array<Answer | Failure> = [];
  const sendBoth = async (...args: Parameters<typeof send>) => {
    const r = await send(...args);
    results.push(r);
    return r;
  };
  try {
    // Before any write, so the webhook is owed every change in the feed.
    const hook = await send(a.url, 'POST', '/v1/webhooks', { body: { url: receiver.url, events: EVENT_TYPES } });
    if (!isAnswer(hook) || hook.status !== 201) throw new Error(`webhook registration failed: ${describe(hook)}`);
    const hookId = json<{ id: string }>(hook).id;
    let stop = false;
    const background = async (i: number) => {
      for (let n = 0; !stop; n++) {
        const base = (i + n) % 2 ? a.url : b.url;
        await sendBoth(
          base,
          i % 2 ? 'GET' : 'POST',
          i % 2 ? '/v1/articles?limit=20' : '/v1/articles',
          i % 2 ? {} : { body: { headline: `${prefix} load ${i}-${n}` } },
        );
      }
    };
    const load = Array.from({ length: 6 }, (_, i) => background(i));

    const raced = await Promise.all(
      Array.from({ length: stories }, (_, i) => createStory(a.url, `${prefix} race ${i}`)),
    );
    const winners = await Promise.all(
      raced.map(async (story) => {
        const attempts = await Promise.all(
          Array.from({ length: 6 }, (_, k) =>
            sendBoth(k % 2 ? a.url : b.url, 'PATCH', `/v1/articles/${story.id}`, {
              headers: { 'if-match': '"v1"' },
              body: { summary: `attempt ${k}` },
            }),
          ),
        );
        return attempts.map((r) => (isAnswer(r) ? r.status : 0));
      }),
    );
    const oneWinner = winners.filter(
      (statuses) => statuses.filter((s) => s === 200).length === 1 && statuses.filter((s) => s === 412).length === 5,
    ).length;

    const at = new Date(Date.now() + 1500).toISOString();
    const scheduled = await Promise.all(
      Array.from({ length: stories }, (_, i) => createStory(b.url, `${prefix} scheduled ${i}`)),
    );
    for (const story of scheduled) {
      const r = await sendBoth(a.url, 'POST', `/v1/articles/${story.id}/publish`, {
        headers: { 'if-match': '"v1"' },
        body: { at },
      });
      if (!isAnswer(r) || r.status !== 200) throw new Error(`scheduling failed: ${describe(r)}`);
    }
    await sleep(3500);
    stop = true;
    await Promise.all(load);
    let publishedOnce = 0;
    const wrong: string[] = [];
    for (const story of scheduled) {
      const now = json<Story>(await send(a.url, 'GET', `/v1/articles/${story.id}`));
      const revisions = json<{ data: Array<{ action: string; actor: string | null }> }>(
        await send(a.url, 'GET', `/v1/articles/${story.id}/revisions?limit=100`),
      );
      const publications = revisions.data.filter((r) => r.action === 'published');
      if (now.status === 'published' && publications.length === 1) publishedOnce++;
      else wrong.push(`${story.id}: ${now.status}, ${publications.length} publications`);
    }
    const sent = await drained(a.url, hookId, receiver.received);
    const fivexx = results.filter((r) => !isAnswer(r) || r.status >= 500);
    return [
      check(
        'two instances: no 5xx under mixed load',
        fivexx.length === 0,
        `${results.length} requests over both, ${fivexx.length} failed${fivexx
          .slice(0, 2)
          .map((r) => `; ${describe(r)}`)
          .join('')}`,
      ),
      check(
        'two instances: one winner per ETag',
        oneWinner === raced.length,
        `${oneWinner}/${raced.length} stories: exactly one 200 and five 412 from 6 edits against "v1" split over A and B`,
      ),
      check(
        'two instances: each scheduled story published exactly once',
        publishedOnce === scheduled.length,
        `${publishedOnce}/${scheduled.length} published once by the two schedulers${wrong
          .slice(0, 2)
          .map((m) => `; ${m}`)
          .join('')}`,
      ),
      check('two instances: one webhook send per change', sent.ok, sent.detail),
    ];
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await receiver.close();
  }
}

/** Every change id in the feed, in order (all of them: the newsroom's view). */
async function changeIds(base: string): Promise<string[]> {
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const page = json<{ data: Array<{ id: string }>; nextCursor: string; hasMore: boolean }>(
      await send(base, 'GET', `/v1/changes?limit=1000${after && `&after=${encodeURIComponent(after)}`}`),
    );
    ids.push(...page.data.map((change) => change.id));
    after = page.nextCursor;
    if (!page.hasMore) return ids;
  }
}

const countOf = async (base: string, hookId: string, status: string) =>
  json<{ data: unknown[] }>(await send(base, 'GET', `/v1/webhooks/${hookId}/deliveries?status=${status}&limit=1`)).data
    .length;

/**
 * Waits for the queue to drain (nothing pending or being sent, and the receiver holding as many
 * deliveries as the feed has changes), then compares: each change arrived once, under one delivery id.
 */
async function drained(base: string, hookId: string, received: Delivery[]): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + 30_000;
  let changes = await changeIds(base);
  for (;;) {
    const busy = (await countOf(base, hookId, 'pending')) + (await countOf(base, hookId, 'delivering'));
    if ((busy === 0 && received.length >= changes.length) || Date.now() > deadline) break;
    await sleep(200);
    changes = await changeIds(base);
  }
  const failed = await countOf(base, hookId, 'failed');
  const events = new Set(received.map((r) => r.eventId));
  const deliveries = new Set(received.map((r) => r.deliveryId));
  const missing = changes.filter((id) => !events.has(id));
  const ok =
    changes.length > 0 &&
    missing.length === 0 &&
    received.length === changes.length &&
    events.size === received.length &&
    deliveries.size === received.length &&
    failed === 0;
  return {
    ok,
    detail:
      `${changes.length} changes in the feed, ${received.length} deliveries received, ${events.size} distinct events, ` +
      `${deliveries.size} distinct delivery ids, ${missing.length} missing, ${failed} failed`,
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { createStory, describe, type Story, startApi } from './api.js';
import { type Check, check } from './checks.js';
import { type Answer, type Failure, isAnswer, json, send } from './http.js';

/**
 * Two servers on one Postgres database under mixed load: no 5xx, one winner per ETag when both
 * receive edits against the same version, and every scheduled story published exactly once though
 * both schedulers run.
 */
export async function twoInstances(databaseUrl: string, stories: number): Promise<Check[]> {
  const prefix = `Resilience pair ${Date.now()}`;
  const env = { SCHEDULER_INTERVAL_MS: '200' };
  const a = await startApi('API instance A', databaseUrl, env);
  const b = await startApi('API instance B', databaseUrl, env);
  const results: Array<Answer | Failure> = [];
  const sendBoth = async (...args: Parameters<typeof send>) => {
    const r = await send(...args);
    results.push(r);
    return r;
  };
  try {
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
    ];
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

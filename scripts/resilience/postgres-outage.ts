import { setTimeout as sleep } from 'node:timers/promises';
import { createStory, describe, startApi } from './api.js';
import { type Check, check } from './checks.js';
import { type Answer, type Failure, isAnswer, send } from './http.js';
import { ThrowawayPostgres } from './throwaway-postgres.js';

type Phase = 'before' | 'down' | 'after';

/**
 * Postgres (a private cluster, never the shared one) is stopped under load and started again: while
 * it is down every request must fail fast with a 503 problem+json (no hang, no crash) and /ready must
 * say so; once it is back the API must recover by itself.
 */
export async function postgresOutage(port: number, downMs: number): Promise<Check[]> {
  const cluster = await ThrowawayPostgres.create(port);
  let failed = true;
  try {
    await cluster.start({ mayMove: true });
    const server = await startApi('API on the throwaway Postgres', cluster.url);
    try {
      const story = await createStory(server.url, `Resilience outage ${Date.now()}`);
      await send(server.url, 'POST', `/v1/articles/${story.id}/publish`, { headers: { 'if-match': '"v1"' } });
      let phase: Phase = 'before';
      let stop = false;
      const seen: Array<{ phase: Phase; result: Answer | Failure }> = [];
      const loop = async (i: number) => {
        for (let n = 0; !stop; n++) {
          const current = phase;
          const result =
            i % 3 === 0
              ? await send(server.url, 'POST', '/v1/articles', {
                  body: { headline: `Outage load ${i}-${n}-${Date.now()}` },
                })
              : await send(server.url, 'GET', i % 3 === 1 ? `/v1/articles/${story.id}` : '/v1/articles?limit=20', {
                  anonymous: true,
                });
          seen.push({ phase: current, result });
          if (current === 'down') await sleep(20);
        }
      };
      const loops = Array.from({ length: 9 }, (_, i) => loop(i));
      await sleep(500);
      phase = 'down';
      cluster.stop('fast');
      await sleep(downMs);
      const ready = await send(server.url, 'GET', '/ready');
      const alive = await send(server.url, 'GET', '/health');
      await cluster.start();
      const backAt = performance.now();
      let recoveredMs = -1;
      while (performance.now() - backAt < 20_000) {
        const r = await send(server.url, 'GET', '/ready');
        if (isAnswer(r) && r.status === 200) {
          recoveredMs = performance.now() - backAt;
          break;
        }
        await sleep(100);
      }
      phase = 'after';
      await sleep(500);
      stop = true;
      await Promise.all(loops);
      const write = await send(server.url, 'POST', '/v1/articles', {
        body: { headline: `Outage after ${Date.now()}` },
      });

      const down = seen.filter((s) => s.phase === 'down').map((s) => s.result);
      const badDown = down.filter(
        (r) =>
          !isAnswer(r) ||
          !(r.status < 300 || (r.status === 503 && /problem\+json/.test(String(r.headers['content-type'])))),
      );
      const slowest = Math.max(0, ...down.map((r) => r.ms));
      const after = seen.filter((s) => s.phase === 'after').map((s) => s.result);
      const badAfter = after.filter((r) => !isAnswer(r) || r.status >= 500);
      const count503 = down.filter((r) => isAnswer(r) && r.status === 503).length;
      const checks = [
        check(
          'Postgres down: every answer is a 2xx or a 503 problem+json',
          badDown.length === 0 && count503 > 0,
          `${down.length} requests while down, ${count503} × 503, ${badDown.length} other${badDown
            .slice(0, 2)
            .map((r) => `; ${describe(r)}`)
            .join('')}`,
        ),
        check('Postgres down: answers come fast (no hang)', slowest < 5000, `slowest ${slowest.toFixed(0)} ms`),
        check(
          'Postgres down: /ready answers 503, /health 200 (the process is up)',
          isAnswer(ready) && ready.status === 503 && isAnswer(alive) && alive.status === 200,
          `/ready ${describe(ready)}; /health ${describe(alive)}`,
        ),
        check(
          'Postgres back: the API recovers by itself',
          recoveredMs >= 0 && badAfter.length === 0 && isAnswer(write) && write.status === 201,
          `ready again ${recoveredMs.toFixed(0)} ms after Postgres started; ${after.length} requests after, ${badAfter.length} failed; a create: ${describe(write).slice(0, 40)}`,
        ),
        check(
          'Postgres outage: the server never crashed',
          server.child.exitCode === null,
          `exit code ${server.child.exitCode ?? 'none (running)'}${server.child.exitCode === null ? '' : `; ${server.stderrTail().slice(-3500)}`}`,
        ),
      ];
      failed = checks.some((c) => !c.ok);
      return checks;
    } finally {
      await server.stop();
    }
  } finally {
    cluster.destroy(failed);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { listAll, type Story, startApi, storyBody } from './api.js';
import { type Check, check } from './checks.js';
import { type Answer, type Failure, isAnswer, json, send } from './http.js';

/**
 * SIGTERM under load: requests already in flight finish (2xx, and their writes are kept), new
 * connections are refused, nothing is cut off mid-answer, and the process exits with 0.
 */
export async function sigtermDuringLoad(label: string, databaseUrl: string, loadMs: number): Promise<Check[]> {
  const prefix = `Resilience sigterm ${Date.now()}`;
  const server = await startApi(`${label} API`, databaseUrl);
  const results: Array<{ after: boolean; result: Answer | Failure }> = [];
  const created: string[] = [];
  const resetCreates: string[] = [];
  let signalled = false;
  let refusedInARow = 0;
  const loop = async (i: number) => {
    for (let n = 0; refusedInARow < 20; n++) {
      const after = signalled;
      const headline = `${prefix} ${i}-${n}`;
      const result =
        i % 2 === 0
          ? await send(server.url, 'POST', '/v1/articles', { body: storyBody(headline) })
          : await send(server.url, 'GET', '/v1/articles?limit=20', { anonymous: true });
      if (i % 2 === 0 && !isAnswer(result) && result.error !== 'ECONNREFUSED') resetCreates.push(headline);
      results.push({ after, result });
      if (isAnswer(result) && result.status === 201) created.push(json<Story>(result).id);
      refusedInARow = !isAnswer(result) && result.error === 'ECONNREFUSED' ? refusedInARow + 1 : 0;
      if (!isAnswer(result)) await sleep(10);
    }
  };
  const loops = Array.from({ length: 20 }, (_, i) => loop(i));
  await sleep(loadMs);
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  signalled = true;
  const signalledAt = performance.now();
  server.child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
  const exitMs = performance.now() - signalledAt;
  await Promise.all(loops);
  if (code === 'timeout') await server.stop('SIGKILL');

  // A connection accepted but not yet read when the server closes is reset (the request was never
  // seen: the HTTP/1.1 shutdown race); what must never happen is a request processed and its answer cut.
  const resets = results.filter((r) => !isAnswer(r.result) && r.result.error !== 'ECONNREFUSED');
  const errors = results.filter((r) => isAnswer(r.result) && r.result.status >= 500 && r.result.status !== 503);
  const unavailable = results.filter((r) => isAnswer(r.result) && r.result.status === 503);
  const badUnavailable = unavailable.filter(
    (r) => !/problem\+json/.test(String((r.result as Answer).headers['content-type'])),
  );
  const finished = results.filter((r) => r.after && isAnswer(r.result) && r.result.status < 300).length;

  // The writes acknowledged before and during shutdown are all there after a restart.
  const restarted = await startApi(`${label} API (after SIGTERM)`, databaseUrl);
  let lost = 0;
  let processedButCut = 0;
  try {
    for (const id of created) {
      const r = await send(restarted.url, 'GET', `/v1/articles/${id}`);
      if (!isAnswer(r) || r.status !== 200) lost++;
    }
    const stored = new Set((await listAll(restarted.url)).map((s) => s.headline));
    processedButCut = resetCreates.filter((h) => stored.has(h)).length;
  } finally {
    await restarted.stop();
  }
  return [
    check(`${label}: SIGTERM exits with 0, promptly`, code === 0, `exit code ${code} after ${exitMs.toFixed(0)} ms`),
    check(
      `${label}: no request processed and its answer cut off, no 5xx`,
      processedButCut === 0 && errors.length === 0,
      `${results.length} requests, ${errors.length} 5xx, ${resets.length} connections reset before being read (${resetCreates.length} creates, ${processedButCut} of them stored)`,
    ),
    check(
      `${label}: requests arriving while closing get a clean refusal`,
      badUnavailable.length === 0,
      `${finished} answered 2xx after the signal (in flight), ${unavailable.length} × 503 problem+json, then ECONNREFUSED`,
    ),
    check(
      `${label}: every write acknowledged around the SIGTERM is kept`,
      lost === 0,
      `${created.length} creates acknowledged, ${lost} missing after restart`,
    ),
  ];
}

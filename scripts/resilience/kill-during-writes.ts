import { setTimeout as sleep } from 'node:timers/promises';
import { createStory, describe, listAll, revisionVersions, type Story, startApi, storyBody } from './api.js';
import { type Check, check } from './checks.js';
import { isAnswer, json, send } from './http.js';

interface Acknowledged {
  headline: string;
  version: number;
  summary: string;
}

/**
 * 50 writers create stories (with a caption and a related link) and edit them; the server is killed
 * with SIGKILL mid-load and started again. Every write that got a 2xx must be there, whole, and no
 * story may be partial (all its captions, links and revisions, or nothing).
 */
export async function killDuringWrites(
  label: string,
  databaseUrl: string,
  acknowledgedBeforeKill: number,
): Promise<Check[]> {
  const prefix = `Resilience kill ${Date.now()}`;
  let server = await startApi(`${label} API`, databaseUrl);
  const anchor = await createStory(server.url, `${prefix} anchor`);
  const acked = new Map<string, Acknowledged>();
  let stop = false;
  const refused: string[] = [];

  const writer = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const headline = `${prefix} writer ${w} story ${n}`;
      const created = await send(server.url, 'POST', '/v1/articles', { body: storyBody(headline, anchor.id) });
      if (!isAnswer(created)) return; // the kill
      if (created.status !== 201) {
        refused.push(describe(created));
        continue;
      }
      const story = json<Story>(created);
      acked.set(story.id, { headline, version: 1, summary: story.summary ?? '' });
      const summary = `Edited by writer ${w}, round ${n}`;
      const edited = await send(server.url, 'PATCH', `/v1/articles/${story.id}`, {
        headers: { 'if-match': '"v1"' },
        body: { summary },
      });
      if (!isAnswer(edited)) return;
      if (edited.status === 200) acked.set(story.id, { headline, version: 2, summary });
      else refused.push(describe(edited));
    }
  };
  const writers = Array.from({ length: 50 }, (_, w) => writer(w));
  // Killed once enough writes are acknowledged (the machine's speed varies), or after 30 s at most.
  const deadline = performance.now() + 30_000;
  while (acked.size < acknowledgedBeforeKill && performance.now() < deadline) await sleep(20);
  server.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  await server.stop();

  server = await startApi(`${label} API (restarted)`, databaseUrl);
  try {
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const [id, ack] of acked) {
      const answer = await send(server.url, 'GET', `/v1/articles/${id}`);
      if (!isAnswer(answer) || answer.status !== 200) {
        missing.push(`${id}: ${describe(answer)}`);
        continue;
      }
      const story = json<Story>(answer);
      const intact =
        story.headline === ack.headline &&
        story.version >= ack.version &&
        (story.version > ack.version || story.summary === ack.summary);
      if (!intact)
        wrong.push(`${id}: v${story.version} "${story.summary}" (acknowledged v${ack.version} "${ack.summary}")`);
    }
    const stories = (await listAll(server.url)).filter((s) => s.headline.startsWith(`${prefix} writer`));
    const partial: string[] = [];
    for (const summary of stories) {
      const story = json<Story>(await send(server.url, 'GET', `/v1/articles/${summary.id}`));
      const versions = await revisionVersions(server.url, summary.id);
      const whole =
        story.captions.length === 1 &&
        story.related.length === 1 &&
        story.related[0]?.id === anchor.id &&
        versions.join(',') === Array.from({ length: story.version }, (_, i) => i + 1).join(',');
      if (!whole)
        partial.push(
          `${summary.id}: ${story.captions.length} captions, ${story.related.length} links, revisions [${versions.join(',')}] at v${story.version}`,
        );
    }
    const edits = [...acked.values()].filter((a) => a.version === 2).length;
    return [
      check(
        `${label}: every acknowledged write survives kill -9`,
        missing.length === 0 && wrong.length === 0,
        `${acked.size} creates and ${edits} edits acknowledged, ${missing.length} missing, ${wrong.length} changed${[
          ...missing,
          ...wrong,
        ]
          .slice(0, 3)
          .map((m) => `; ${m}`)
          .join('')}`,
      ),
      check(
        `${label}: no partial story after kill -9`,
        partial.length === 0 && stories.length >= acked.size,
        `${stories.length} stories on disk (${stories.length - acked.size} committed but unacknowledged), ${partial.length} partial${partial
          .slice(0, 3)
          .map((m) => `; ${m}`)
          .join('')}`,
      ),
      check(
        `${label}: no error answers to the 50 writers before the kill`,
        refused.length === 0,
        `${refused.length} refused${refused
          .slice(0, 2)
          .map((m) => `; ${m}`)
          .join('')}`,
      ),
    ];
  } finally {
    await server.stop();
  }
}

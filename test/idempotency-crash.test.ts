import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { storyInput } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

/** Starts a server that dies at `point` of the request, sends the request, and waits for the death. */
async function postAndCrash(point: 'preSerialization' | 'onSend', key: string, payload: unknown): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/crash-server.ts', database.url, point], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`server exited before listening: ${output}`)));
  });
  const sent = fetch(`${address}/v1/articles`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(payload),
  });
  await expect(sent).rejects.toThrow();
  const [code, signal] = await exited;
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
}

/** The retry, from a new process on the same database, after an abandoned reservation would have expired. */
async function retry(key: string, payload: unknown) {
  const later = await createInstance(database.url, { now: () => new Date(Date.now() + 5 * 60_000) });
  try {
    const response = await later.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { ...admin, 'idempotency-key': key },
      payload: payload as object,
    });
    const stories = await later.app.database.prisma.article.findMany({
      where: { headline: (payload as { headline: string }).headline },
    });
    return { response, stories };
  } finally {
    await later.close();
  }
}

describe('Idempotency-Key when the server process is killed (SIGKILL) during the request', () => {
  it('killed after the handler ran but before the response was stored: nothing was kept, and the retry creates the story once', async () => {
    const payload = storyInput({ headline: 'Killed before the response was stored' });
    await postAndCrash('preSerialization', 'crash-before-store', payload);
    const { response, stories } = await retry('crash-before-store', payload);
    expect(response.statusCode, response.body).toBe(201);
    expect(stories.map((s) => s.id)).toEqual([response.json().id]);
  });

  it('killed after the commit, before the first byte was sent: the retry replays the stored response', async () => {
    const payload = storyInput({ headline: 'Killed after the commit' });
    await postAndCrash('onSend', 'crash-after-commit', payload);
    const { response, stories } = await retry('crash-after-commit', payload);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['idempotency-replayed']).toBe('true');
    expect(stories).toHaveLength(1);
    expect(response.json().id).toBe(stories[0]?.id);
    expect(response.headers.location).toBe(`/v1/articles/${stories[0]?.id}`);
  });
});

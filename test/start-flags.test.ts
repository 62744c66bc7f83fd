import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyText } from '../bench/corpus.js';
import { startCommand } from '../bench/servers.js';
import { MAX_BODY_BYTES } from '../src/lib/limits.js';
import { ADMIN_KEY } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { ROOT } from './helpers/node-ts.js';

// The server as `npm start` runs it: the start script's Node flags (a small young generation) and
// server.ts's own (how far the old generation grows before it is collected again). Neither is a heap
// cap, and the biggest legal inputs must still go through: a 1 MB story body, and hundreds of imports
// in a row.

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

let database: TestDatabase;
let server: ChildProcess;
let base: string;
let log = '';
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

beforeAll(async () => {
  database = await createTestDatabase();
  const [node, ...args] = startCommand();
  const flags = args.filter((a) => a !== 'dist/server.js');
  if (flags.length === 0) throw new Error('the start script has no Node flags: this test is about them');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(node as string, [...flags, '--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      CMS_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000',
      SCHEDULER_INTERVAL_MS: '0',
      WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    },
  });
  server.stderr?.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  const deadline = Date.now() + 30_000;
  while (
    (await fetch(`${base}/ready`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`server not ready:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 40_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await database?.drop();
});

/** A story body of `bytes` bytes of paragraphs (little markup, as a long read). */
function bigBody(bytes: number): string {
  const sentence = 'The council met late into the night to hear every resident who had asked to speak. ';
  const paragraph = `<p>${sentence.repeat(40)}</p>`;
  let body = paragraph.repeat(Math.floor(bytes / paragraph.length));
  body += `<p>${'x'.repeat(Math.max(0, bytes - body.length - 7))}</p>`;
  return body;
}

describe('the server started with the start command’s Node flags', () => {
  it('takes and serves a story with a 1 MB body', async () => {
    const body = bigBody(MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    const created = await fetch(`${base}/v1/articles`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ headline: 'The longest read of the year', body }),
    });
    expect(created.status, log).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${base}/v1/articles/${id}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { body: string }).body).toBe(body);
  }, 30_000);

  it('imports hundreds of stories in a row, one with a 1 MB body', async () => {
    const count = 300;
    const texts = Array.from({ length: count }, (_, i) => storyText(i + 1, count));
    texts[150] = `A very long archive story\n\nA very long archive story\n\n${bigBody(MAX_BODY_BYTES - 4096).replace(/<\/?p>/g, '\n\n')}`;
    // One after another: concurrent imports that link to each other by headline can conflict on
    // Postgres (a separate matter from memory).
    const statuses: number[] = [];
    for (const text of texts) {
      const r = await fetch(`${base}/v1/imports?status=published`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' },
        body: text,
      });
      const answer = await r.text();
      statuses.push(r.status);
      if (r.status !== 201) log += `\n${answer}`;
    }
    expect(
      statuses.filter((s) => s !== 201),
      log,
    ).toEqual([]);
    const list = await fetch(`${base}/v1/articles?limit=1`);
    expect(list.status).toBe(200);
    expect(server.exitCode).toBeNull();
  }, 120_000);
});

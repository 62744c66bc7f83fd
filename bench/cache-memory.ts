// What the per-instance caches of finished answers cost in memory (issue 20, item 5). A real server
// (`npm start`'s command over dist/, on a socket, SQLite) with 100 published stories of a 1 MB
// body and a 2,000-character summary each, seeded before it starts. Access pattern, all anonymous,
// one keep-alive connection at a time:
//   1. stories: each of the 100 stories read once under each of 8 Host values (800 reads; every
//      Host is its own cached variant, since links are built from it);
//   2. lists: 500 distinct GET /v1/articles?limit=100 queries (distinct publishedBefore, each the
//      same 100 summaries, about 250 kB a page).
// Prints the server's resident memory (VmRSS) before, after each phase, its peak, and the ratio.
//
//   npm run build && npx tsx bench/cache-memory.ts
//   ARTICLE_CACHE_MB=65536 LIST_CACHE_MB=65536 npx tsx bench/cache-memory.ts   entry caps only
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startCommand, startServer, stopAllOnSignal } from './servers.js';

const STORIES = 100;
const HOSTS = 8;
const LIST_QUERIES = 500;
const PORT = Number(process.env.BENCH_PORT ?? 3931);
const ADMIN_KEY = `bench-admin-key-${randomBytes(16).toString('hex')}`;

const dir = mkdtempSync(join(tmpdir(), 'bench-cache-memory-'));
const url = `file:${join(dir, 'cms.db')}`;
stopAllOnSignal(async () => rmSync(dir, { recursive: true, force: true }));

/** A body of just under 1 MB (the most a story may have), different for each story. */
const body = (n: number) => {
  const paragraph = (i: number) =>
    `<p>Story ${n}, paragraph ${i}: ${'the tide rose over the harbour wall '.repeat(27)}</p>`;
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 1_000_000; i++) {
    parts.push(paragraph(i));
    bytes += Buffer.byteLength(parts[i] as string);
  }
  parts.pop();
  return parts.join('');
};

async function seed(): Promise<string[]> {
  const app = await buildApp(
    loadConfig({
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      CMS_ADMIN_KEY: ADMIN_KEY,
      RATE_LIMIT_MAX: '1000000',
      SCHEDULER_INTERVAL_MS: '0',
      WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    }),
  );
  const headers = { authorization: `Bearer ${ADMIN_KEY}` };
  const ids: string[] = [];
  try {
    for (let n = 0; n < STORIES; n++) {
      const created = await app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers,
        payload: {
          headline: `Memory bench story ${n}`,
          summary: `Summary ${n}: ${'the tide came in over the harbour wall '.repeat(55)}`.slice(0, 2000),
          body: body(n),
          section: 'Bench',
          tags: ['harbour', `story-${n}`],
        },
      });
      if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body.slice(0, 300)}`);
      const { id } = created.json() as { id: string };
      const published = await app.inject({
        method: 'POST',
        url: `/v1/articles/${id}/publish`,
        headers: { ...headers, 'if-match': created.headers.etag as string },
      });
      if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
      ids.push(id);
    }
  } finally {
    await app.close();
  }
  return ids;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const read = (path: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    get({ host: '127.0.0.1', port: PORT, path, agent, headers: { host } }, (response) => {
      response.resume().on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });

function rssOf(pid: number | undefined): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

const seedStarted = performance.now();
const ids = await seed();
console.log(`seeded ${STORIES} stories of ~1 MB in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

const server = await startServer({
  label: 'cms',
  port: PORT,
  argv: startCommand(),
  env: {
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '1000000',
    SCHEDULER_INTERVAL_MS: '0',
    WEBHOOK_DISPATCH_INTERVAL_MS: '0',
  },
  readyPath: '/ready',
});
const budgets = ['ARTICLE_CACHE_SIZE', 'ARTICLE_CACHE_MB', 'LIST_CACHE_SIZE', 'LIST_CACHE_MB']
  .map((name) => `${name}=${process.env[name] ?? 'default'}`)
  .join(' ');
try {
  // One of each read first, so the code they run is loaded before the first figure.
  await read(`/v1/articles/${ids[0]}`, 'warm.example');
  await read('/v1/articles?limit=100', 'warm.example');
  const before = rssOf(server.child.pid);
  const failures: string[] = [];
  const expect200 = (status: number, what: string) => void (status !== 200 && failures.push(`${what}: ${status}`));

  for (let h = 0; h < HOSTS; h++) {
    for (const id of ids) expect200(await read(`/v1/articles/${id}`, `site-${h}.example`), `story ${id}`);
  }
  const afterStories = rssOf(server.child.pid);
  for (let i = 0; i < LIST_QUERIES; i++) {
    const before = new Date(Date.UTC(2030, 0, 1) + i * 1000).toISOString();
    expect200(await read(`/v1/articles?limit=100&publishedBefore=${before}`, 'site-0.example'), `list ${i}`);
  }
  const afterLists = rssOf(server.child.pid);
  if (failures.length) throw new Error(`not 200: ${failures.slice(0, 5).join(', ')} (${failures.length} in all)`);

  console.log(budgets);
  console.log(`RSS before:                                ${mb(before)}`);
  console.log(
    `RSS after ${STORIES * HOSTS} story reads (${STORIES} × ${HOSTS} Hosts): ${mb(afterStories)} (${(afterStories / before).toFixed(2)}×)`,
  );
  console.log(
    `RSS after ${LIST_QUERIES} list queries (limit=100):   ${mb(afterLists)} (${(afterLists / before).toFixed(2)}× before)`,
  );
  console.log(`peak RSS:                                  ${mb(server.peakRss())}`);
} finally {
  agent.destroy();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

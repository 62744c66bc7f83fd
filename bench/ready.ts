// What a flood of GET /ready costs: one client address sends probes over 16 kept-alive connections
// for 3 s (the rate limit exempts /ready); prints the probes answered per second and how many
// readiness checks reached the database.
//
//   npx tsx bench/ready.ts                 SQLite, READY_CACHE_MS as configured (default 1000)
//   READY_CACHE_MS=0 npx tsx bench/ready.ts   every probe checks (the behaviour before the cache)
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 16;

const dir = mkdtempSync(join(tmpdir(), 'bench-ready-'));
let checks = 0;
const app = await buildApp(
  loadConfig({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? `file:${join(dir, 'cms.db')}`,
    LOG_LEVEL: 'silent',
    SCHEDULER_INTERVAL_MS: '0',
    WEBHOOK_DISPATCH_INTERVAL_MS: '0',
  }),
  { onQuery: (sql) => void (sql.includes('_prisma_migrations') && checks++) },
);
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const probe = () =>
  new Promise<number>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/ready', agent }, (response) => {
      response.resume().on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });

checks = 0;
let answered = 0;
const until = Date.now() + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < until) {
      if ((await probe()) === 200) answered++;
    }
  }),
);
console.log(
  `READY_CACHE_MS=${app.config.READY_CACHE_MS}: ${Math.round(answered / SECONDS)} probes/s answered 200, ` +
    `${Math.round(checks / SECONDS)} database checks/s (${checks} in ${SECONDS} s)`,
);
agent.destroy();
await app.close();
rmSync(dir, { recursive: true, force: true });

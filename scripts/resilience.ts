// Resilience run: crashes, database outages, shutdowns and two instances, against the real server
// (dist/server.js, built by `npm run resilience`).
//
//   npm run resilience                 every scenario on SQLite and Postgres
//   npm run resilience -- --short      shorter loads (what CI runs)
//   npm run resilience -- --only=SIGTERM   the scenarios whose name contains a word
// Postgres: RESILIENCE_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) gets fresh
// databases, dropped afterwards; the outage scenario starts its own cluster on port 55432
// (RESILIENCE_PG_PORT), or on a free port when that one is taken, which it stops and starts, never
// the shared one. A start that fails is printed with pg_ctl's output and the cluster log, and tried
// once more; when the scenario fails, the cluster log is kept (its path is printed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropCreatedDatabases, withPostgresDatabase } from '../bench/postgres-database.js';
import { stopAllOnSignal } from '../bench/servers.js';
import { type Check, print } from './resilience/checks.js';
import { killDuringWrites } from './resilience/kill-during-writes.js';
import { postgresOutage } from './resilience/postgres-outage.js';
import { sigtermDuringLoad } from './resilience/sigterm-during-load.js';
import { twoInstances } from './resilience/two-instances.js';

const short = process.argv.includes('--short');
const POSTGRES = process.env.RESILIENCE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_PORT = Number(process.env.RESILIENCE_PG_PORT ?? 55432);
const loadMs = short ? 1200 : 3000;
const acknowledged = short ? 60 : 300;

process.chdir(fileURLToPath(new URL('../', import.meta.url)));
stopAllOnSignal(dropCreatedDatabases);

const all: Check[] = [];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
async function scenario(name: string, run: () => Promise<Check[]>): Promise<void> {
  if (only && !name.includes(only)) return;
  const started = performance.now();
  let checks: Check[];
  try {
    checks = await run();
  } catch (error) {
    checks = [{ name, ok: false, detail: `crashed: ${(error as Error).stack ?? String(error)}` }];
  }
  print(name, checks, (performance.now() - started) / 1000);
  all.push(...checks);
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'cms-resilience-'));
const sqlite = (name: string) => `file:${join(sqliteDir, `${name}.db`)}`;
const onPostgres = (work: (url: string) => Promise<Check[]>) => () =>
  withPostgresDatabase(POSTGRES, work, 'cms_resilience');
try {
  await scenario('kill -9 during 50 writers, SQLite', () => killDuringWrites('SQLite', sqlite('kill'), acknowledged));
  await scenario(
    'kill -9 during 50 writers, Postgres',
    onPostgres((url) => killDuringWrites('Postgres', url, acknowledged)),
  );
  await scenario('SIGTERM during load, SQLite', () => sigtermDuringLoad('SQLite', sqlite('sigterm'), loadMs));
  await scenario(
    'SIGTERM during load, Postgres',
    onPostgres((url) => sigtermDuringLoad('Postgres', url, loadMs)),
  );
  await scenario('Postgres stopped and restarted during load', () => postgresOutage(PG_PORT, short ? 1500 : 3000));
  await scenario(
    'two instances on one Postgres',
    onPostgres((url) => twoInstances(url, short ? 5 : 20)),
  );
} finally {
  rmSync(sqliteDir, { recursive: true, force: true });
}
const failed = all.filter((c) => !c.ok);
console.log(`\n${all.length - failed.length}/${all.length} checks passed`);
process.exit(failed.length ? 1 : 0);

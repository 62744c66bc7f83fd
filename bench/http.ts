// HTTP benchmark: the API (SQLite and Postgres) beside a raw Fastify + better-sqlite3 baseline.
//
//   npm run bench                      10,000 stories, 2 rounds of 5 s per scenario and server
//   BENCH_SECONDS=3 BENCH_ROUNDS=2 BENCH_STORIES=2000 npm run bench     a quicker run
//   BENCH_POSTGRES_URL=''              skip Postgres (default postgres://postgres@127.0.0.1:5432/postgres;
//                                      a fresh database is made there and dropped afterwards)
//
// Each scenario runs alternately on every server (baseline, API on SQLite, API on Postgres), ROUNDS
// times, at 10 connections, so noise from other work on the machine spreads over all of them.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dropCreatedDatabases, withPostgresDatabase } from './postgres-database.js';
import { renderTables, renderTargets, type TargetReport } from './report.js';
import { measure, SCENARIOS, type Target } from './scenarios.js';
import { type Seeded, seededSqlite, seedStories } from './seed.js';
import { type Server, startCommand, startServer, stopAllOnSignal } from './servers.js';

const STORIES = Number(process.env.BENCH_STORIES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 10;
const POSTGRES_BASE = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = fileURLToPath(new URL('./out/', import.meta.url));

const log = (line: string) => process.stderr.write(`${line}\n`);

function apiSpec(label: string, port: number, databaseUrl: string) {
  return {
    label,
    port,
    argv: startCommand(),
    readyPath: '/ready',
    // Request logging is off (warn) as a busy site would ship it sampled or at warn; the rate limit stays on, set high.
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', CMS_ADMIN_KEY: ADMIN_KEY, RATE_LIMIT_MAX: '100000000' },
  };
}

function target(server: Server, seeded: Seeded, search: boolean): Target {
  return {
    label: server.label,
    url: server.url,
    editorKey: seeded.editorKey,
    hotIds: seeded.hotIds,
    search,
    cpuSeconds: server.cpuSeconds,
    patchSlots: seeded.patchTargets.map((t) => ({ id: t.id, etag: `"v${t.version}"` })),
  };
}

async function supportsSearch(url: string): Promise<boolean> {
  const response = await fetch(`${url}/v1/articles?limit=1&q=harbour`);
  return response.status === 200;
}

function machine(postgresVersion: string | null): string {
  const cpu = cpus();
  const sqlite = execFileSync(
    process.execPath,
    ['-e', "console.log(new (require('better-sqlite3'))(':memory:').prepare('select sqlite_version() v').get().v)"],
    { cwd: ROOT },
  )
    .toString()
    .trim();
  return [
    `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}; RAM ${(totalmem() / 1024 ** 3).toFixed(1)} GB; load average at start ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    `- Node ${process.version}, SQLite ${sqlite} (better-sqlite3), ${postgresVersion ?? 'Postgres not measured'}`,
    `- ${STORIES.toLocaleString('en-US')} published stories with captions and related links; ${CONNECTIONS} connections; ${ROUNDS} rounds of ${SECONDS} s per scenario and server, alternating`,
  ].join('\n');
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]?.server_version} on 127.0.0.1 (same machine)`;
  } finally {
    await client.end();
  }
}

async function run(postgresUrl: string | null): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const apiFile = `${OUT}http-api.db`;
  const baselineFile = `${OUT}http-baseline.db`;
  for (const file of [apiFile, baselineFile])
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });

  const sqliteSeed = await seededSqlite(apiFile, STORIES, CONNECTIONS);
  copyFileSync(apiFile, baselineFile);
  let pgSeed: Seeded | null = null;
  if (postgresUrl) {
    log(`seeding ${STORIES} stories on Postgres…`);
    pgSeed = await seedStories(postgresUrl, STORIES, CONNECTIONS);
    log(`  ${pgSeed.seconds.toFixed(1)} s`);
  }

  const servers: Server[] = [];
  try {
    const baseline = await startServer({
      label: 'baseline (raw Fastify + better-sqlite3)',
      port: 3901,
      readyPath: '/health',
      argv: [process.execPath, '--import', 'tsx', 'bench/baseline-server.ts'],
      env: { BASELINE_DB: baselineFile },
    });
    servers.push(baseline);
    const sqlite = await startServer(apiSpec('API on SQLite', 3902, `file:${apiFile}`));
    servers.push(sqlite);
    const postgres = postgresUrl ? await startServer(apiSpec('API on Postgres', 3903, postgresUrl)) : null;
    if (postgres) servers.push(postgres);

    const search = await supportsSearch(sqlite.url);
    if (!search) log('the API takes no `q` parameter yet: search is measured on the baseline only');
    const targets: Target[] = [
      target(baseline, sqliteSeed, true),
      target(sqlite, sqliteSeed, search),
      ...(postgres && pgSeed ? [target(postgres, pgSeed, search)] : []),
    ];
    const reports: TargetReport[] = servers.map((s) => ({
      label: s.label,
      coldStartMs: s.coldStartMs,
      peakRss: 0,
      runs: {},
    }));

    log('warming up…');
    for (const t of targets) await measure('story', t, CONNECTIONS, 1);
    for (const scenario of SCENARIOS) {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const [i, t] of targets.entries()) {
          if (scenario === 'search' && !t.search) continue;
          const figures = await measure(scenario, t, CONNECTIONS, SECONDS);
          ((reports[i] as TargetReport).runs[scenario] ??= []).push(figures);
          log(
            `${scenario} #${round} ${t.label}: ${Math.round(figures.rps)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, ` +
              `${figures.cpuMsPerRequest.toFixed(2)} ms CPU/req, non-2xx ${figures.non2xx}, errors ${figures.errors}, load ${loadavg()[0]?.toFixed(1)}`,
          );
        }
      }
    }
    servers.forEach((s, i) => {
      (reports[i] as TargetReport).peakRss = s.peakRss();
    });

    const [baseReport, sqliteReport, pgReport] = reports as [TargetReport, TargetReport, TargetReport | undefined];
    const markdown = [
      `## Run of ${new Date().toISOString()}`,
      '',
      machine(postgresUrl ? await postgresVersion(postgresUrl) : null),
      '',
      renderTables(baseReport, [sqliteReport, ...(pgReport ? [pgReport] : [])]),
      '### Targets (issue #13)',
      '',
      renderTargets(baseReport, sqliteReport, pgReport),
    ].join('\n');
    writeFileSync(`${OUT}http-results.md`, markdown);
    writeFileSync(`${OUT}http-results.json`, JSON.stringify(reports, null, 2));
    console.log(markdown);
    log(`written to ${OUT}http-results.md`);
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

process.chdir(ROOT);
stopAllOnSignal(dropCreatedDatabases);
if (POSTGRES_BASE) await withPostgresDatabase(POSTGRES_BASE, (url) => run(url), 'cms_bench_http');
else await run(null);

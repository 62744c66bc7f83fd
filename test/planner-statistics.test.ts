import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sqlitePath } from '../src/db/client.js';
import { admin } from './helpers/app.js';
import { createTestDatabase, type TestDatabase, testDialect } from './helpers/database.js';
import { storyInput } from './helpers/factories.js';
import { createInstance } from './helpers/instances.js';

/**
 * A database filled in bulk (an import, a restore) has no planner statistics until something
 * gathers them, and without them list pages sorted every story. Opening the database gathers
 * them where they are missing or stale: PRAGMA optimize on SQLite, ANALYZE on Postgres (whose
 * autovacuum may be off, as it is on our CI's server, or not yet have run).
 */
const STORIES = 120;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

interface Statistics {
  analyzed: boolean;
  changedSince: number | null;
}

/** What the planner knows of `articles`, read with the bare driver (opening the app's client would gather it). */
async function articleStatistics(url: string): Promise<Statistics> {
  if (testDialect === 'sqlite') {
    const db = new Sqlite(sqlitePath(url), { readonly: true });
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
      const row = table ? db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles' LIMIT 1").get() : undefined;
      return { analyzed: row !== undefined, changedSince: null };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL AS analyzed,
              n_mod_since_analyze::int AS changed FROM pg_stat_user_tables WHERE relname = 'articles'`,
    );
    return { analyzed: rows[0].analyzed, changedSince: rows[0].changed };
  } finally {
    await client.end();
  }
}

async function postgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

it('gathers statistics for a table filled since they were last gathered, when the database is opened', async () => {
  const writer = await createInstance(database.url);
  // So that only the app, never the server's autovacuum, can gather them during this test.
  if (testDialect === 'postgres') await postgres(database.url, 'ALTER TABLE articles SET (autovacuum_enabled = false)');
  for (let first = 0; first < STORIES; first += 20) {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writer.inject({
          method: 'POST',
          url: '/v1/articles',
          headers: admin,
          payload: storyInput({ headline: `Planner statistics story ${first + i}` }),
        }),
      ),
    );
    for (const response of created) expect(response.statusCode, response.body).toBe(201);
  }
  await writer.close();

  const before = await articleStatistics(database.url);
  expect(before.analyzed).toBe(false);
  if (testDialect === 'postgres') {
    // A closing connection reports its row counts as its server process exits, a moment later.
    for (let tries = 0; (before.changedSince ?? 0) < STORIES && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      Object.assign(before, await articleStatistics(database.url));
    }
    expect(before.changedSince).toBeGreaterThanOrEqual(STORIES);
  }

  const reader = await createInstance(database.url);
  try {
    const after = await articleStatistics(database.url);
    expect(after.analyzed).toBe(true);
    if (testDialect === 'postgres') expect(after.changedSince).toBe(0);
    const list = await reader.inject({ method: 'GET', url: '/v1/articles?limit=5', headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data).toHaveLength(5);
  } finally {
    await reader.close();
  }
});

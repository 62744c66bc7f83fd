import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';

/** TEST_DATABASE=sqlite (default) or postgres; TEST_POSTGRES_URL names the server and base database. */
export const testDialect = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const postgresBase = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresBase });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A brand-new, empty database for one test file (or one test). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cms-test-'));
    return { url: `file:${join(dir, 'cms.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = new URL(postgresBase);
  const name = `${base.pathname.slice(1) || 'cms'}_t_${randomBytes(5).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresBase);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs `work` while the Postgres test database at `url` refuses connections and has none open. */
export async function whilePostgresRefuses(url: string, work: () => Promise<void>): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin(async (client) => {
    try {
      await client.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await work();
    } finally {
      await client.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    }
  });
}

export async function checkPostgres(): Promise<void> {
  await admin((client) => client.query('SELECT 1'));
}

/** For tests that need a new database each: returns a maker; every database it made is dropped after each test. */
export function freshDatabases(): () => Promise<string> {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((database) => database.drop()));
  });
  return async () => {
    const database = await createTestDatabase();
    made.push(database);
    return database.url;
  };
}

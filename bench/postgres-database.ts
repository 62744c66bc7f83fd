import { randomBytes } from 'node:crypto';
import pg from 'pg';

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const created = new Map<string, string>();

/** Drops every database withPostgresDatabase made and has not dropped yet (for an interrupted run). */
export async function dropCreatedDatabases(): Promise<void> {
  for (const [name, baseUrl] of created)
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
}

/** Runs `work` on a fresh database on the server of `baseUrl`, dropped afterwards. */
export async function withPostgresDatabase<T>(
  baseUrl: string,
  work: (url: string) => Promise<T>,
  prefix = 'cms_bench',
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE DATABASE "${name}"`);
  created.set(name, baseUrl);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    created.delete(name);
  }
}

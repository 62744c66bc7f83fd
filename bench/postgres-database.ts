import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Runs `work` on a fresh Postgres database next to `baseUrl`'s, dropped afterwards. */
export async function withPostgresDatabase(baseUrl: string, work: (url: string) => Promise<void>): Promise<void> {
  const name = `cms_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    await work(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

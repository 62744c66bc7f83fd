import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { type Db, type Dialect, dialectOf, sqlitePath } from './client.js';

/** prisma/migrations/<dialect>/<name>/migration.sql, in Prisma's folder format. */
const MIGRATIONS_ROOT = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
/** Arbitrary constant naming this application's advisory lock on Postgres. */
const PG_MIGRATION_LOCK = 727_073_691;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dialect: Dialect, root = MIGRATIONS_ROOT): Migration[] {
  const dir = join(root, dialect);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// The same bookkeeping table Prisma Migrate keeps, so `prisma migrate deploy` agrees with us.
const SQLITE_LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const PG_LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;
const APPLIED = `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** Which migrations to run; refuses to go on when an applied migration's file was edited. */
function pending(all: Migration[], applied: { migration_name: string; checksum: string }[]): Migration[] {
  const done = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  for (const migration of all) {
    const checksum = done.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new Error(`Migration ${migration.name} was changed after it was applied (checksum mismatch)`);
    }
  }
  return all.filter((migration) => !done.has(migration.name));
}

/** Applies pending migrations, each once and each in its own transaction. Returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  return dialectOf(url) === 'sqlite' ? migrateSqlite(url) : migratePostgres(url);
}

function migrateSqlite(url: string): string[] {
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(SQLITE_LEDGER);
    const applied: string[] = [];
    for (const migration of listMigrations('sqlite')) {
      // A table rebuild (SQLite cannot alter a constraint) must not cascade its DROP to the tables
      // that reference it; the pragma does nothing inside a transaction, so it is set around it.
      const rebuilds = /^PRAGMA foreign_keys=OFF;/m.test(migration.sql);
      if (rebuilds) db.pragma('foreign_keys = OFF');
      // IMMEDIATE takes the write lock first, so two processes cannot both apply a migration.
      const apply = db.transaction(() => {
        const rows = db.prepare(APPLIED).all() as { migration_name: string; checksum: string }[];
        if (!pending([migration], rows).length) return false;
        db.exec(migration.sql);
        if (rebuilds && (db.pragma('foreign_key_check') as unknown[]).length) {
          throw new Error(`Migration ${migration.name} left rows whose foreign keys point nowhere`);
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), migration.checksum, migration.name, new Date().toISOString(), new Date().toISOString());
        return true;
      });
      try {
        if (apply.immediate()) applied.push(migration.name);
      } finally {
        if (rebuilds) db.pragma('foreign_keys = ON');
      }
    }
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A session lock: a second instance starting at the same moment waits here, then finds nothing to do.
    await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
    await client.query(PG_LEDGER);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(APPLIED);
    const applied: string[] = [];
    for (const migration of pending(listMigrations('postgres'), rows)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** The names of the `known` migrations (listMigrations) not yet applied (for GET /ready). */
export async function pendingMigrations(db: Db, known: Migration[]): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(APPLIED);
  return pending(known, rows).map((m) => m.name);
}

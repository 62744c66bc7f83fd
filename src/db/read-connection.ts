import { createHash } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { Prisma } from './generated/sqlite/client.js';

/** Rows of a statement built with Prisma.sql (raw SQL with its parameters bound). */
export interface SqlReader {
  rows<T>(query: Prisma.Sql): Promise<T[]>;
}

/**
 * Raw reads beside Prisma, for the few hot reads where Prisma's fixed cost per query decides the
 * speed: named statements, prepared once. On SQLite a read-only connection of its own reads the
 * same WAL file as Prisma's writer (every statement sees what was committed before it started, by
 * any process); on Postgres the statements run on Prisma's own pool.
 */
export interface ReadConnection extends SqlReader {
  /** Rows of a statement written with `?` placeholders (numbered for Postgres). */
  all<T>(name: string, sql: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Statements built from Prisma.sql vary with their filters and list lengths: each distinct text
 * is prepared once, and the set starts again past this many (a bound, not a working size).
 */
const PREPARED_TEXTS = 1000;

type OnQuery = ((sql: string) => void) | undefined;

export async function sqliteReadConnection(path: string, onQuery: OnQuery): Promise<ReadConnection> {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(path, { readonly: true, fileMustExist: true, timeout: 5000 });
  const statements = new Map<string, SqliteDatabase.Statement<unknown[]>>();
  const all = async <T>(name: string, sql: string, params: unknown[]) => {
    let statement = statements.get(name);
    if (!statement) {
      if (statements.size >= PREPARED_TEXTS) statements.clear();
      statement = db.prepare<unknown[]>(sql);
      statements.set(name, statement);
    }
    onQuery?.(sql);
    return statement.all(...params) as T[];
  };
  return {
    all,
    rows: <T>(query: Prisma.Sql) => all<T>(query.sql, query.sql, query.values),
    close: async () => {
      db.close();
    },
  };
}

export function postgresReadConnection(pool: pg.Pool, onQuery: OnQuery): ReadConnection {
  const texts = new Map<string, string>();
  const run = async <T>(name: string, text: string, values: unknown[]) => {
    onQuery?.(text);
    const result = await pool.query({ name, text, values });
    return result.rows as T[];
  };
  const names = new Map<string, string>();
  return {
    all: async <T>(name: string, sql: string, params: unknown[]) => {
      let text = texts.get(name);
      if (!text) {
        let n = 0;
        text = sql.replace(/\?/g, () => `$${++n}`);
        texts.set(name, text);
      }
      return run<T>(name, text, params);
    },
    rows: <T>(query: Prisma.Sql) => {
      let name = names.get(query.text);
      if (!name) {
        if (names.size >= PREPARED_TEXTS) names.clear();
        name = `q${createHash('sha1').update(query.text).digest('hex')}`;
        names.set(query.text, name);
      }
      return run<T>(name, query.text, query.values);
    },
    // The pool is Prisma's: it closes it.
    close: async () => undefined,
  };
}

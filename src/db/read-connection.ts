import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';

/**
 * Raw reads beside Prisma, for the few hot reads where Prisma's fixed cost per query decides the
 * speed: named statements, prepared once. On SQLite a read-only connection of its own reads the
 * same WAL file as Prisma's writer (every statement sees what was committed before it started, by
 * any process); on Postgres the statements run on Prisma's own pool.
 */
export interface ReadConnection {
  /** Rows of a statement written with `?` placeholders (numbered for Postgres). */
  all<T>(name: string, sql: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

type OnQuery = ((sql: string) => void) | undefined;

export async function sqliteReadConnection(path: string, onQuery: OnQuery): Promise<ReadConnection> {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(path, { readonly: true, fileMustExist: true, timeout: 5000 });
  const statements = new Map<string, SqliteDatabase.Statement<unknown[]>>();
  return {
    all: async <T>(name: string, sql: string, params: unknown[]) => {
      let statement = statements.get(name);
      if (!statement) {
        statement = db.prepare<unknown[]>(sql);
        statements.set(name, statement);
      }
      onQuery?.(sql);
      return statement.all(...params) as T[];
    },
    close: async () => {
      db.close();
    },
  };
}

export function postgresReadConnection(pool: pg.Pool, onQuery: OnQuery): ReadConnection {
  const texts = new Map<string, string>();
  return {
    all: async <T>(name: string, sql: string, params: unknown[]) => {
      let text = texts.get(name);
      if (!text) {
        let n = 0;
        text = sql.replace(/\?/g, () => `$${++n}`);
        texts.set(name, text);
      }
      onQuery?.(text);
      const result = await pool.query({ name, text, values: params });
      return result.rows as T[];
    },
    // The pool is Prisma's: it closes it.
    close: async () => undefined,
  };
}

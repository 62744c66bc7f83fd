import Database from 'better-sqlite3';
import { dialectOf, resilientPool, sqlitePath } from './client.js';

/**
 * A raw read-only connection beside Prisma, for the few hot reads where Prisma's per-query cost
 * decides the speed: named statements, prepared once. On SQLite a second connection reads the same
 * WAL file concurrently with Prisma's writer; on Postgres a small pool of its own.
 */
export interface ReadConnection {
  /** Rows of a statement written with `?` placeholders (rewritten to $n for Postgres). */
  all<T>(name: string, sql: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function openReadConnection(url: string, onError: (error: unknown) => void): ReadConnection | null {
  if (dialectOf(url) === 'sqlite') {
    const path = sqlitePath(url);
    // An in-memory database is private to its connection: nothing to read beside Prisma.
    if (path === ':memory:' || path === '') return null;
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
    const statements = new Map<string, Database.Statement>();
    return {
      all: async <T>(name: string, sql: string, params: unknown[]) => {
        let statement = statements.get(name);
        if (!statement) statements.set(name, (statement = db.prepare(sql)));
        return statement.all(...params) as T[];
      },
      close: async () => { db.close(); },
    };
  }
  const pool = resilientPool(url, 4, onError);
  const texts = new Map<string, string>();
  return {
    all: async <T>(name: string, sql: string, params: unknown[]) => {
      let text = texts.get(name);
      if (!text) {
        let n = 0;
        texts.set(name, (text = sql.replace(/\?/g, () => `$${++n}`)));
      }
      const result = await pool.query({ name, text, values: params });
      return result.rows as T[];
    },
    close: () => pool.end(),
  };
}

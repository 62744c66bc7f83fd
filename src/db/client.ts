import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from './generated/postgres/client.js';
import type { Prisma } from './generated/sqlite/client.js';

/**
 * Both generated clients come from the same models (prisma/schema.prisma), so their query API is
 * identical; the SQLite client's type stands for both.
 */
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
/** A client or a transaction: repositories take either, so services can compose transactions. */
export type Queryable = Db | Tx;
export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  prisma: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export const dialectOf = (url: string): Dialect => (url.startsWith('file:') ? 'sqlite' : 'postgres');

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

export interface OpenOptions {
  /** Told of every SQL statement sent (for query counting and debugging; off by default). */
  onQuery?: (sql: string) => void;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const dialect = dialectOf(url);
  const log = options.onQuery ? [{ emit: 'event' as const, level: 'query' as const }] : [];
  let prisma: Db;
  if (dialect === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // `timeout` is SQLite's busy timeout: a CLI import and the server may write the same file.
    prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 5000 }), log });
    await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  } else {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    prisma = new PostgresClient({ adapter, log }) as unknown as Db;
  }
  const { onQuery } = options;
  if (onQuery) (prisma as unknown as { $on(event: 'query', listener: (e: { query: string }) => void): void }).$on('query', (e) => onQuery(e.query));
  await prisma.$connect();
  return { prisma, dialect, close: () => prisma.$disconnect() };
}

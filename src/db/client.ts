import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import type { Prisma, PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import {
  postgresReadConnection,
  type ReadConnection,
  type SqlReader,
  sqliteReadConnection,
} from './read-connection.js';

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
  /** Raw prepared reads for hot paths; none on an in-memory SQLite database (private to Prisma's connection). */
  reads: ReadConnection | null;
  /** Raw SQL reads: on `reads` where there is one, else through Prisma. */
  sql: SqlReader;
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
  let optimizer: NodeJS.Timeout | undefined;
  let openReads: () => Promise<ReadConnection | null> = async () => null;
  if (dialect === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // Only the dialect in use has its generated client, adapter and driver loaded: the others'
    // modules would only add to the start-up time (each client's query compiler loads on connect).
    const [{ PrismaClient }, { PrismaBetterSqlite3 }] = await Promise.all([
      import('./generated/sqlite/client.js'),
      import('@prisma/adapter-better-sqlite3'),
    ]);
    // `timeout` is SQLite's busy timeout: a CLI import and the server may write the same file.
    prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 5000 }), log });
    await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    // Without statistics SQLite may walk the status index over every story instead of a story's few
    // links (50× slower at 10,000 stories); optimize (bounded) gathers them where they are missing or stale.
    await prisma.$queryRawUnsafe('PRAGMA optimize = 0x10002');
    optimizer = setInterval(() => void prisma.$queryRawUnsafe('PRAGMA optimize').catch(() => undefined), 3_600_000);
    optimizer.unref();
    if (path !== ':memory:') openReads = () => sqliteReadConnection(path, options.onQuery);
  } else {
    const [{ PrismaClient }, { PrismaPg }, { default: pgModule }] = await Promise.all([
      import('./generated/postgres/client.js'),
      import('@prisma/adapter-pg'),
      import('pg'),
    ]);
    // The adapter bundles an older @types/pg; the runtime pg is the same package.
    const pool = resilientPool(pgModule, url, 10) as unknown as ConstructorParameters<typeof PrismaPg>[0];
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    prisma = new PrismaClient({ adapter, log }) as unknown as Db;
    openReads = async () => postgresReadConnection(pool as unknown as pg.Pool, options.onQuery);
    // Postgres's own statistics come from autovacuum, which a server may have turned off or not yet
    // run after a bulk import: without them the planner sorted every published story for a list page
    // (5.6 ms instead of 0.04 at 10,000 stories). The same rule as SQLite's optimize: on open and hourly.
    const client = prisma;
    await analyzeStaleTables(client);
    optimizer = setInterval(() => void analyzeStaleTables(client).catch(() => undefined), 3_600_000);
    optimizer.unref();
  }
  const { onQuery } = options;
  if (onQuery)
    (prisma as unknown as { $on(event: 'query', listener: (e: { query: string }) => void): void }).$on('query', (e) =>
      onQuery(e.query),
    );
  await prisma.$connect();
  const reads = await openReads();
  return {
    prisma,
    dialect,
    reads,
    sql: reads ?? { rows: <T>(query: Prisma.Sql) => prisma.$queryRaw<T[]>(query) },
    close: async () => {
      clearInterval(optimizer);
      await reads?.close();
      await prisma.$disconnect();
    },
  };
}

/**
 * ANALYZE of each table changed by more than autovacuum's own threshold (50 rows + 10%) since its
 * statistics were last gathered, by autovacuum or by this.
 */
async function analyzeStaleTables(prisma: Db): Promise<void> {
  const stale = await prisma.$queryRawUnsafe<Array<{ name: string }>>(
    `SELECT quote_ident(relname) AS name FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND n_mod_since_analyze > 50 + 0.1 * n_live_tup`,
  );
  for (const { name } of stale) await prisma.$executeRawUnsafe(`ANALYZE ${name}`);
}

/**
 * A pg pool that survives the database going away: a bounded wait for a connection (a refused one
 * fails at once, so a stopped database answers 503 fast; a free slot or an unreachable host is waited
 * for at most 10 s), and an error listener on every connection, because pg emits an
 * 'error' (FATAL 57P01 on a restart) on a checked-out connection between queries, where nobody
 * listens, and an unheard 'error' event ends the process. The connection's holder still sees its
 * next query fail and the pool drops it.
 */
export function resilientPool(
  pgModule: typeof pg,
  url: string,
  max: number,
  onError: (error: unknown) => void = () => undefined,
): pg.Pool {
  const pool = new pgModule.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

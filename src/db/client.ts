import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
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

export async function openDatabase(url: string): Promise<Database> {
  const dialect = dialectOf(url);
  let prisma: Db;
  if (dialect === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // `timeout` is SQLite's busy timeout: a CLI import and the server may write the same file.
    prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 5000 }) });
    await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    // Without statistics SQLite may walk the status index over every story instead of a story's few
    // links (50× slower at 10,000 stories); optimize (bounded) gathers them where they are missing or stale.
    await prisma.$queryRawUnsafe('PRAGMA optimize = 0x10002');
    const optimizer = setInterval(() => void prisma.$queryRawUnsafe('PRAGMA optimize').catch(() => undefined), 3_600_000);
    optimizer.unref();
    await prisma.$connect();
    return { prisma, dialect, close: () => { clearInterval(optimizer); return prisma.$disconnect(); } };
  } else {
    // The adapter bundles an older @types/pg; the runtime pg is the same package.
    const pool = resilientPool(url, 10) as unknown as ConstructorParameters<typeof PrismaPg>[0];
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    prisma = new PostgresClient({ adapter }) as unknown as Db;
  }
  await prisma.$connect();
  return { prisma, dialect, close: () => prisma.$disconnect() };
}

// Prisma's "cannot reach / connection closed / pool timeout" codes, pg's connection and shutdown
// SQLSTATE classes (08, 57P), and the socket errors a driver reports while the server is away.
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|Server has closed the connection|the database system is (starting up|shutting down)|terminating connection due to administrator command/i;

/** True when an error (or its cause) says the database is unreachable rather than that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message, kind, originalCode } = e as { code?: unknown; message?: unknown; kind?: unknown; originalCode?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_SOCKET.has(code) || /^(08|57P)/.test(code))) return true;
    if (typeof originalCode === 'string' && /^(08|57P)/.test(originalCode)) return true;
    if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || kind === 'SocketTimeout') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  }
  return false;
}

/**
 * A pg pool that survives the database going away: a bounded wait for a connection (a refused one
 * fails at once, so a stopped database answers 503 fast; a free slot or an unreachable host is waited
 * for at most 10 s), and an error listener on every connection, because pg emits an
 * 'error' (FATAL 57P01 on a restart) on a checked-out connection between queries, where nobody
 * listens, and an unheard 'error' event ends the process. The connection's holder still sees its
 * next query fail and the pool drops it.
 */
export function resilientPool(url: string, max: number, onError: (error: unknown) => void = () => undefined): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/** Unique-constraint violations, as Prisma reports them on both dialects. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

import type { Dialect } from './client.js';
import { Prisma } from './generated/sqlite/client.js';

const { sql } = Prisma;

/** An instant as the dialect stores it: SQLite compares Prisma's ISO text, Postgres timestamp(3). */
export const sqlInstant = (dialect: Dialect, date: Date): Prisma.Sql =>
  dialect === 'sqlite'
    ? sql`${date.toISOString().replace('Z', '+00:00')}`
    : sql`CAST(${date.toISOString()} AS timestamp(3))`;

/**
 * An instant column selected as text: pg would read a timestamp without time zone in the
 * process's local zone, so both dialects hand back text, read by parseSqlInstant.
 */
export const instantText = (dialect: Dialect, column: Prisma.Sql): Prisma.Sql =>
  dialect === 'sqlite' ? column : sql`CAST(${column} AS text)`;

/** What instantText selected: SQLite's ISO text with its offset, or Postgres' UTC `YYYY-MM-DD hh:mm:ss.sss`. */
export function parseSqlInstant(text: string | null): Date | null {
  if (text === null) return null;
  return new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
}

import type { Dialect, Queryable } from '../../db/client.js';
import { Prisma } from '../../db/generated/sqlite/client.js';
import type { SqlReader } from '../../db/read-connection.js';
import { instantText, parseSqlInstant } from '../../db/sql-instants.js';

export const insertApiKey = (db: Queryable, data: Prisma.ApiKeyUncheckedCreateInput) => db.apiKey.create({ data });

export const listApiKeys = (db: Queryable) => db.apiKey.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

export const countApiKeys = (db: Queryable): Promise<number> => db.apiKey.count();

export async function apiKeyExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.apiKey.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/** Marks a key revoked unless it already is (it keeps its first revocation time). */
export async function revokeApiKey(db: Queryable, id: string, at: Date): Promise<void> {
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
}

/**
 * The key with this hash, by raw statement: asked on every keyed request, it must not queue behind
 * Prisma's open transactions (on SQLite they hold its one connection; the raw reads have their own).
 */
export async function findApiKeyByHash(db: SqlReader, dialect: Dialect, hash: string) {
  const [row] = await db.rows<{ id: string; role: string; revoked_at: string | null; last_used_at: string | null }>(
    Prisma.sql`SELECT k.id AS id, k.role AS role, ${instantText(dialect, Prisma.sql`k.revoked_at`)} AS revoked_at,
      ${instantText(dialect, Prisma.sql`k.last_used_at`)} AS last_used_at FROM api_keys k WHERE k.hash = ${hash}`,
  );
  return row
    ? {
        id: row.id,
        role: row.role,
        revokedAt: parseSqlInstant(row.revoked_at),
        lastUsedAt: parseSqlInstant(row.last_used_at),
      }
    : null;
}

export async function touchApiKey(db: Queryable, id: string, at: Date): Promise<void> {
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { lastUsedAt: at } });
}

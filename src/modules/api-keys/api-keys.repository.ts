import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';

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

export const findApiKeyByHash = (db: Queryable, hash: string) =>
  db.apiKey.findUnique({ where: { hash }, select: { id: true, role: true, revokedAt: true, lastUsedAt: true } });

export async function touchApiKey(db: Queryable, id: string, at: Date): Promise<void> {
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { lastUsedAt: at } });
}

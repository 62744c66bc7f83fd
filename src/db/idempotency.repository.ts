import type { Db, Queryable, Tx } from './client.js';
import type { Prisma } from './generated/sqlite/client.js';

export type StoredResponse = Prisma.IdempotencyKeyGetPayload<object>;

/** Reservations written by versions that stored them before the change committed. */
export const IN_FLIGHT = 0;
const ABANDONED_AFTER_MS = 60_000;

const abandonedBefore = (at: Date) => new Date(at.getTime() - ABANDONED_AFTER_MS);

/** The response stored under this key, unless it has expired or was abandoned in flight (at `at`). */
export async function findStoredResponse(
  db: Queryable,
  scope: string,
  key: string,
  at: Date,
): Promise<StoredResponse | null> {
  const row = await db.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
  const stale =
    row &&
    (row.expiresAt <= at || (row.status === IN_FLIGHT && row.createdAt.getTime() <= abandonedBefore(at).getTime()));
  return stale ? null : row;
}

/** Stores a response under its key, in place of a stale one (a live one makes it a unique violation). */
export async function storeResponse(tx: Tx, row: StoredResponse): Promise<void> {
  const at = row.createdAt;
  await tx.idempotencyKey.deleteMany({
    where: {
      scope: row.scope,
      key: row.key,
      OR: [{ expiresAt: { lte: at } }, { status: IN_FLIGHT, createdAt: { lte: abandonedBefore(at) } }],
    },
  });
  await tx.idempotencyKey.create({ data: row });
}

/** storeResponse in a transaction of its own. */
export const storeResponseAlone = (db: Db, row: StoredResponse): Promise<void> =>
  db.$transaction((tx) => storeResponse(tx, row));

/**
 * Deletes the keys expired at `now`. Looks before deleting: most calls find none, and on SQLite a
 * write would take the lock every time.
 */
export async function deleteExpiredKeys(db: Queryable, now: Date): Promise<number> {
  const where = { expiresAt: { lte: now } };
  if (!(await db.idempotencyKey.findFirst({ where, select: { key: true } }))) return 0;
  return (await db.idempotencyKey.deleteMany({ where })).count;
}

import type { Db, Tx } from './client.js';

/**
 * Runs `work` in one transaction, or inside the caller's when one is passed, so services compose.
 * SQLite serialises transactions on its single connection, so waiting for one may take a while
 * under load: the limits are generous rather than failing a healthy request.
 */
export function inTransaction<T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!('$transaction' in db)) return work(db);
  return db.$transaction(work, { maxWait: 20_000, timeout: 30_000 });
}

import type { Db, Tx } from './client.js';
import { currentDeferredCommit, transactionOptions } from './deferred-commit.js';

/**
 * Runs `work` in one transaction, or inside the caller's when one is passed, so services compose.
 * Within a request whose commit is deferred (an Idempotency-Key), it runs in that request's
 * transaction. SQLite serialises transactions on its single connection, so waiting for one may take
 * a while under load: the limits are generous rather than failing a healthy request.
 */
export function inTransaction<T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!('$transaction' in db)) return work(db);
  const deferred = currentDeferredCommit();
  if (deferred) return deferred.run(db as Db, work);
  return db.$transaction(work, transactionOptions());
}

import type { Db, Tx } from './client.js';
import { currentDeferredCommit, transactionOptions } from './deferred-commit.js';

export interface TransactionOptions {
  /**
   * Run the whole transaction again, up to `attempts` times in all, when it fails with an error
   * `when` accepts (e.g. a generated slug that lost a race: the next attempt reads the winner's row);
   * `work` is told which attempt it is.
   * Ignored inside a caller's transaction, which must fail as a whole and retry itself.
   */
  retry?: { attempts: number; when: (error: unknown) => boolean };
}

/**
 * Runs `work` in one transaction, or inside the caller's when one is passed, so services compose.
 * Within a request whose commit is deferred (an Idempotency-Key), it runs in that request's
 * transaction (a failed attempt is undone on its own, so a retry still works). SQLite serialises
 * transactions on its single connection, so waiting for one may take a while under load: the limits
 * are generous rather than failing a healthy request.
 */
export async function inTransaction<T>(
  db: Db | Tx,
  work: (tx: Tx, attempt: number) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (!('$transaction' in db)) return work(db, 1);
  const attempts = options.retry?.attempts ?? 1;
  const deferred = currentDeferredCommit();
  for (let attempt = 1; ; attempt++) {
    try {
      if (deferred) return await deferred.run(db as Db, (tx) => work(tx, attempt));
      return await db.$transaction((tx) => work(tx, attempt), transactionOptions());
    } catch (error) {
      if (attempt >= attempts || !options.retry?.when(error)) throw error;
      // A short, growing, jittered pause, so that two writers that collided do not collide again.
      await new Promise((resolve) => setTimeout(resolve, attempt * 20 * Math.random()));
    }
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Tx } from './client.js';

/**
 * SQLite serialises transactions on its single connection: the limits are generous under load.
 * A new object each time: Prisma keeps state in the options object it is given.
 */
export const transactionOptions = () => ({ maxWait: 20_000, timeout: 30_000 });

/** Writes the last rows of a deferred transaction, just before it commits. */
export type Finish = (tx: Tx) => Promise<void>;

class Rollback extends Error {}

let savepoints = 0;

/** `work` inside an open transaction, undone on its own when it fails (services may catch and go on). */
async function inSavepoint<T>(tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  const name = `nested_${++savepoints}`;
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  try {
    const result = await work(tx);
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/**
 * One request's writes, held open until the request decides how it ends. The first transaction a
 * service opens during the request does its work and hands back its result, but commits only when
 * `end` is called, after `end`'s own rows are written in it; transactions opened after it join it.
 * The idempotency plugin uses this so a stored response commits with the change it describes.
 */
export class DeferredCommit {
  #open: { tx: Tx; decide: (finish: Finish | null) => void; outcome: Promise<void> } | null = null;

  run<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.#open) return inSavepoint(this.#open.tx, work);
    return new Promise<T>((resolve, reject) => {
      let decide: (finish: Finish | null) => void = () => undefined;
      const decided = new Promise<Finish | null>((settle) => {
        decide = settle;
      });
      const outcome: Promise<void> = db.$transaction(async (tx) => {
        const result = await work(tx);
        this.#open = { tx, decide, outcome };
        resolve(result);
        const finish = await decided;
        if (!finish) throw new Rollback();
        await finish(tx);
      }, transactionOptions());
      // Before the work succeeded, a failure is the caller's; after, it is end()'s.
      outcome.catch((error: unknown) => {
        if (this.#open?.outcome !== outcome) reject(error);
      });
    });
  }

  /** True when a transaction is held open, waiting for end(). */
  get pending(): boolean {
    return this.#open !== null;
  }

  /** Commits after `finish` wrote its rows, or rolls back (null). Resolves once the database has done so. */
  async end(finish: Finish | null): Promise<void> {
    const open = this.#open;
    if (!open) return;
    this.#open = null;
    open.decide(finish);
    try {
      await open.outcome;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  }
}

const current = new AsyncLocalStorage<DeferredCommit>();

/** Runs `next` (and everything it starts) with `unit` as the transaction services write in. */
export const withDeferredCommit = (unit: DeferredCommit, next: () => void): void => current.run(unit, next);
export const currentDeferredCommit = (): DeferredCommit | undefined => current.getStore();

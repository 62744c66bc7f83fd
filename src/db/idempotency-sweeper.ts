import { Repeating } from '../lib/repeating.js';
import type { Db } from './client.js';
import { isContention } from './errors.js';
import { deleteExpiredKeys } from './idempotency.repository.js';

/**
 * Deletes expired idempotency keys on a timer (the scheduler's interval), so the table holds about
 * a day of writes. Every instance may run one: deleting what another instance deletes too is harmless.
 */
export class IdempotencyKeySweeper {
  private sweeps: Repeating | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Sweeps now, then every `intervalMs` after each sweep ends; `onError` hears of a sweep that failed. */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.sweeps ??= new Repeating(() => this.sweep(), onError);
    this.sweeps.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.sweeps?.stop();
  }

  /** How many keys it deleted. Another instance busy with the same clean-up is no failure: the rest go next time. */
  async sweep(): Promise<number> {
    try {
      return await deleteExpiredKeys(this.db, this.now());
    } catch (error) {
      if (isContention(error)) return 0;
      throw error;
    }
  }
}

import type { Db } from './client.js';
import { isContention } from './errors.js';
import { deleteExpiredKeys } from './idempotency.repository.js';

/**
 * Deletes expired idempotency keys on a timer (the scheduler's interval), so the table holds about
 * a day of writes. Every instance may run one: deleting what another instance deletes too is harmless.
 */
export class IdempotencyKeySweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private active = false;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Sweeps now, then every `intervalMs` after each sweep ends; `onError` hears of a sweep that failed. */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    if (this.active) return;
    this.active = true;
    const loop = async () => {
      this.running = this.sweep().catch(onError);
      await this.running;
      if (this.active) this.timer = setTimeout(loop, intervalMs).unref();
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    await this.running;
  }

  /** How many keys it deleted. Another instance busy with the same clean-up is no failure: what is left goes next time. */
  async sweep(): Promise<number> {
    try {
      return await deleteExpiredKeys(this.db, this.now());
    } catch (error) {
      if (isContention(error)) return 0;
      throw error;
    }
  }
}

/**
 * Runs a job now, then again `intervalMs` after each run ends (never two at once), until stopped:
 * the publishing scheduler's ticks, the idempotency-key sweeps. A run that throws goes to `onError`.
 */
export class Repeating {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private active = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    if (this.active) return;
    this.active = true;
    const loop = async () => {
      this.running = this.run().catch(this.onError);
      await this.running;
      if (this.active) this.timer = setTimeout(loop, intervalMs).unref();
    };
    void loop();
  }

  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    await this.running;
  }
}

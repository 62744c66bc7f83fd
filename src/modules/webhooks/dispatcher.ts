import type { Database } from '../../db/client.js';
import { toChange } from '../outbox/change-event.js';
import { sequenceEvents } from '../outbox/sequencer.js';
import { retryDelayMs } from './backoff.js';
import {
  type ClaimedDelivery,
  claimDue,
  type DeliveryUpdate,
  finishAttempt,
  queueDeliveries,
} from './delivery-queue.repository.js';
import { type SendResult, sendWebhook } from './sender.js';
import { signatureHeaders } from './signature.js';

export interface DispatcherSettings {
  intervalMs: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  concurrency: number;
  allowPrivate: boolean;
}

export interface DispatcherLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const SILENT: DispatcherLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** Events numbered per tick; a backlog is worked through over several ticks. */
const SEQUENCE_BATCH = 500;
/** How long past its timeout a claimed delivery stays this instance's before another may take it over. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends webhook deliveries off the request path: on a timer, at most `concurrency` at a time, each
 * with a timeout, so a slow or dead receiver costs the API nothing. Every instance may run one:
 * claims are leases in the database, so a delivery is sent by one instance at a time, and a
 * delivery whose sender died is taken over when its lease runs out.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private active = false;
  private log: DispatcherLog = SILENT;

  constructor(
    private readonly database: Database,
    private readonly now: () => Date,
    private readonly settings: DispatcherSettings,
  ) {}

  start(log: DispatcherLog = SILENT): void {
    if (this.active) return;
    this.active = true;
    this.stopping = new AbortController();
    this.log = log;
    this.schedule(0);
  }

  /** Stops the timer and cuts in-flight sends short; they go back to pending, to be sent again. */
  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.ticking;
    await Promise.all(this.inFlight);
  }

  /** Numbers new events, then starts sending what is due. Returns how many sends it started. */
  async tick(): Promise<number> {
    await sequenceEvents(this.database.prisma, this.database.dialect, this.now(), SEQUENCE_BATCH, queueDeliveries);
    const free = this.settings.concurrency - this.inFlight.size;
    if (free <= 0 || this.stopping.signal.aborted) return 0;
    const now = this.now();
    const leaseUntil = new Date(now.getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS);
    const claimed = await claimDue(this.database.prisma, this.database.dialect, now, free, leaseUntil);
    for (const delivery of claimed) {
      const sending = this.deliver(delivery).catch((error: unknown) => {
        // The outcome could not be written: the lease runs out and the delivery is sent again.
        this.log.error({ err: error, deliveryId: delivery.id }, 'could not record a webhook attempt');
      });
      this.inFlight.add(sending);
      void sending.finally(() => {
        this.inFlight.delete(sending);
        if (this.active) this.schedule(0);
      });
    }
    return claimed.length;
  }

  /** For tests and tools: ticks until nothing is due, waiting for every send. */
  async drain(): Promise<void> {
    for (;;) {
      const started = await this.tick();
      await Promise.all(this.inFlight);
      if (!started) return;
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delayMs);
  }

  private async loop(): Promise<void> {
    if (!this.active || this.ticking) return;
    this.ticking = this.tick().then(
      () => undefined,
      (error: unknown) => this.log.error({ err: error }, 'webhook dispatcher tick failed'),
    );
    await this.ticking;
    this.ticking = undefined;
    if (this.active) this.schedule(this.settings.intervalMs);
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const startedAt = this.now();
    const change = toChange(delivery.event, 'newsroom');
    const body = JSON.stringify(change);
    // Wall-clock seconds, not the injectable clock: receivers compare it with their own clock.
    const headers = {
      ...signatureHeaders(delivery.webhook.secret, delivery.id, Math.floor(Date.now() / 1000), body),
      'x-cms-event': change.type,
    };
    const result = await sendWebhook(delivery.webhook.url, headers, body, {
      timeoutMs: this.settings.timeoutMs,
      allowPrivate: this.settings.allowPrivate,
      signal: this.stopping.signal,
    });
    const outcome = result.interrupted ? 'interrupted' : result.error === null ? 'succeeded' : 'failed';
    const applied = await finishAttempt(
      this.database.prisma,
      delivery,
      {
        startedAt,
        outcome,
        statusCode: result.statusCode,
        error: result.error,
        latencyMs: result.latencyMs,
      },
      this.nextState(delivery, result),
      this.now(),
    );
    const context = {
      deliveryId: delivery.id,
      webhookId: delivery.webhook.id,
      eventId: delivery.event.id,
      attempt: delivery.attempts,
    };
    if (outcome === 'failed')
      this.log.warn(
        { ...context, statusCode: result.statusCode, error: result.error, applied },
        'webhook delivery attempt failed',
      );
    else this.log.info({ ...context, outcome, latencyMs: result.latencyMs, applied }, 'webhook delivery attempt');
  }

  private nextState(delivery: ClaimedDelivery, result: SendResult): DeliveryUpdate {
    const now = this.now();
    if (result.interrupted) {
      // Not the receiver's fault: this attempt does not count towards giving up.
      return { status: 'pending', nextAttemptAt: now, roundStart: delivery.roundStart + 1 };
    }
    if (result.error === null) return { status: 'succeeded', deliveredAt: now };
    const failures = delivery.attempts - delivery.roundStart;
    if (failures >= this.settings.maxAttempts) return { status: 'failed' };
    const delay = retryDelayMs(failures, this.settings.retryBaseMs, this.settings.retryMaxMs);
    return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay) };
  }
}

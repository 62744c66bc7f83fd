import type { Db, Queryable } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { newSecret } from './signature.js';
import { checkTarget } from './target-guard.js';
import {
  deleteWebhook,
  findDelivery,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  normaliseEvents,
  requeueDelivery,
  toDelivery,
  toWebhook,
  updateWebhook,
} from './webhooks.repository.js';
import type { Delivery, DeliveryListQuery, Webhook, WebhookCreate, WebhookPatch } from './webhooks.schemas.js';

export class WebhooksService {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date,
    private readonly allowPrivateTargets: boolean,
  ) {}

  /** Refuses targets inside the private network; the dispatcher checks again at every send. */
  private async assertTarget(url: string): Promise<void> {
    if (this.allowPrivateTargets) return;
    const check = await checkTarget(url);
    if (!check.ok) {
      throw new UnprocessableError(
        `Webhook targets must be public addresses: ${check.reason}. (WEBHOOK_ALLOW_PRIVATE_TARGETS=true lifts this, for development.)`,
        'WEBHOOK_TARGET_REFUSED',
      );
    }
  }

  async create(input: WebhookCreate): Promise<Webhook & { secret: string }> {
    await this.assertTarget(input.url);
    const now = this.now();
    const secret = input.secret ?? newSecret();
    const row = await insertWebhook(this.prisma, {
      id: newId(),
      url: input.url,
      description: input.description ?? null,
      events: JSON.stringify(normaliseEvents(input.events)),
      secret,
      enabled: input.enabled,
      createdAt: now,
      updatedAt: now,
    });
    return { ...toWebhook(row), secret };
  }

  async list(): Promise<Webhook[]> {
    return (await listWebhooks(this.prisma)).map(toWebhook);
  }

  async get(id: string): Promise<Webhook> {
    return toWebhook(await this.requireWebhook(this.prisma, id));
  }

  private async requireWebhook(db: Queryable, id: string) {
    const row = await findWebhook(db, id);
    if (!row) throw new NotFoundError(`No webhook ${id}`);
    return row;
  }

  async update(id: string, patch: WebhookPatch): Promise<Webhook> {
    if (patch.url !== undefined) await this.assertTarget(patch.url);
    return inTransaction(this.prisma, async (tx) => {
      const found = await updateWebhook(tx, id, {
        ...(patch.url !== undefined && { url: patch.url }),
        ...(patch.events !== undefined && { events: JSON.stringify(normaliseEvents(patch.events)) }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        ...(patch.secret !== undefined && { secret: patch.secret }),
        updatedAt: this.now(),
      });
      if (!found) throw new NotFoundError(`No webhook ${id}`);
      return toWebhook(await this.requireWebhook(tx, id));
    });
  }

  /** Deletes the webhook and its delivery history; deliveries in flight are dropped. */
  async remove(id: string): Promise<void> {
    if (!(await deleteWebhook(this.prisma, id))) throw new NotFoundError(`No webhook ${id}`);
  }

  async deliveries(
    webhookId: string,
    query: DeliveryListQuery,
  ): Promise<{ data: Delivery[]; nextCursor: string | null }> {
    await this.get(webhookId);
    return listDeliveries(this.prisma, webhookId, query);
  }

  /**
   * Sends a delivery again as soon as the dispatcher runs, with a fresh budget of attempts: a
   * failed one after the receiver is fixed, or a succeeded one the receiver lost.
   */
  async retry(webhookId: string, deliveryId: string): Promise<Delivery> {
    return inTransaction(this.prisma, async (tx) => {
      const row = await findDelivery(tx, webhookId, deliveryId);
      if (!row) throw new NotFoundError(`No delivery ${deliveryId} for webhook ${webhookId}`);
      const now = this.now();
      if (row.status === 'delivering' && row.leaseUntil && row.leaseUntil > now) {
        throw new ConflictError(
          'The delivery is being sent right now; its outcome will show in a moment.',
          'DELIVERY_IN_PROGRESS',
        );
      }
      if (!(await requeueDelivery(tx, row, now)))
        throw new ConflictError('The delivery changed while being retried; read it again.', 'DELIVERY_IN_PROGRESS');
      const updated = await findDelivery(tx, webhookId, deliveryId);
      if (!updated) throw new NotFoundError(`No delivery ${deliveryId} for webhook ${webhookId}`);
      return toDelivery(updated);
    });
  }
}

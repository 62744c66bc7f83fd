import { isContention, isUniqueViolation } from '../../db/errors.js';
import { NotFoundError, PreconditionFailedError } from '../../lib/errors.js';
import { Repeating } from '../../lib/repeating.js';
import type { DueArticle } from './publishing.repository.js';
import { NoLongerDueError, type PublishingService } from './publishing.service.js';

/** Stories handled per kind per tick; more due ones wait for the next tick. */
const BATCH = 200;

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TickResult {
  published: number;
  unpublished: number;
  /** Due stories another instance (or an editor) changed or locked first. */
  skipped: number;
  failed: number;
}

const SILENT: SchedulerLog = { info: () => undefined, error: () => undefined };

/**
 * Another writer got there first or holds the lock: a newer version (412), the same revision number
 * (unique violation), a story trashed or changed meanwhile, or the database busy with another
 * instance's write. The story, if still due, is simply tried again on the next tick.
 */
function lostRace(error: unknown): boolean {
  if (error instanceof PreconditionFailedError || error instanceof NoLongerDueError || error instanceof NotFoundError)
    return true;
  return isUniqueViolation(error) || isContention(error);
}

/**
 * Publishes and unpublishes due stories on a timer. Every instance may run one: each story changes
 * through changeArticle at the version the tick read, so exactly one instance wins it. A story
 * missed while no instance ran is simply due on the next tick.
 */
export class PublishingScheduler {
  private log: SchedulerLog = SILENT;
  private readonly ticks = new Repeating(
    () => this.tick(),
    (error) => this.log.error({ err: error }, 'scheduler tick failed'),
  );

  constructor(private readonly publishing: PublishingService) {}

  /** Ticks now (catching up after downtime), then every `intervalMs` after each tick ends. */
  start(intervalMs: number, log: SchedulerLog = SILENT): void {
    this.log = log;
    this.ticks.start(intervalMs);
  }

  /** Stops the timer and waits for a tick in progress, so the database can close after it. */
  async stop(): Promise<void> {
    await this.ticks.stop();
  }

  async tick(): Promise<TickResult> {
    const result: TickResult = { published: 0, unpublished: 0, skipped: 0, failed: 0 };
    // Publish first, so a story whose whole window passed during downtime is published, then taken down.
    const toPublish = await this.publishing.dueToPublish(BATCH);
    await this.each(toPublish, 'published', (due) => this.publishing.publishDue(due), result);
    const toUnpublish = await this.publishing.dueToUnpublish(BATCH);
    await this.each(toUnpublish, 'unpublished', (due) => this.publishing.unpublishDue(due), result);
    if (result.published || result.unpublished || result.failed) this.log.info({ ...result }, 'scheduler tick');
    return result;
  }

  private async each(
    stories: DueArticle[],
    counter: 'published' | 'unpublished',
    work: (due: DueArticle) => Promise<unknown>,
    result: TickResult,
  ): Promise<void> {
    // Instances start at different points of the batch, so they mostly split the work instead of racing for each story.
    const start = Math.floor(Math.random() * stories.length);
    for (const due of [...stories.slice(start), ...stories.slice(0, start)]) {
      try {
        await work(due);
        result[counter] += 1;
      } catch (error) {
        if (lostRace(error)) {
          result.skipped += 1;
        } else {
          // One bad story must not stop the others; it stays due and is retried next tick.
          result.failed += 1;
          this.log.error({ err: error, articleId: due.id }, `scheduler could not change article ${due.id}`);
        }
      }
    }
  }
}

import type { FastifyBaseLogger } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Database } from '../../db/client.js';
import { listMigrations, pendingMigrations } from '../../db/migrate.js';

export interface Readiness {
  status: 'ready' | 'unavailable';
  database: Database['dialect'];
  pendingMigrations: string[];
  detail?: string;
}

/**
 * The answer of GET /ready, checked at most once per `ttlMs` however many probes ask: concurrent
 * probes share one check (lru-cache's fetch), and its answer, ready or not, is kept that long. So
 * an outage is seen by the first probe more than `ttlMs` after it began, and a flood of probes
 * costs one query per `ttlMs`. The migration files are read once: the running code knows only the
 * migrations it shipped with.
 */
export class ReadinessCheck {
  private readonly known;
  private readonly answers: LRUCache<'ready', Readiness, FastifyBaseLogger> | null;

  constructor(
    private readonly database: Database,
    ttlMs: number,
    now: () => Date,
  ) {
    this.known = listMigrations(database.dialect);
    this.answers =
      ttlMs === 0
        ? null
        : new LRUCache<'ready', Readiness, FastifyBaseLogger>({
            max: 1,
            ttl: ttlMs,
            // The app's clock (tests move it), read afresh on every look-up.
            perf: { now: () => now().getTime() },
            ttlResolution: 0,
            fetchMethod: (_key, _stale, { context }) => this.check(context),
          });
  }

  async answer(log: FastifyBaseLogger): Promise<Readiness> {
    if (!this.answers) return this.check(log);
    return (await this.answers.fetch('ready', { context: log })) as Readiness;
  }

  private async check(log: FastifyBaseLogger): Promise<Readiness> {
    const { dialect, prisma } = this.database;
    try {
      const pending = await pendingMigrations(prisma, this.known);
      return { status: pending.length ? 'unavailable' : 'ready', database: dialect, pendingMigrations: pending };
    } catch (error) {
      // The driver's message can name hosts, users or SQL: it goes to the log, not to the caller.
      log.error({ err: error }, 'readiness check failed');
      return {
        status: 'unavailable',
        database: dialect,
        pendingMigrations: [],
        detail: 'The database does not answer',
      };
    }
  }
}

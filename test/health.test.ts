import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDialect, whilePostgresRefuses } from './helpers/database.js';
import { testClock } from './helpers/instances.js';

/** Statements that read the migration ledger: what one readiness check costs the database. */
let ledgerReads = 0;
const clock = testClock('2026-12-07T12:00:00.000Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(
    { READY_CACHE_MS: '1000' },
    {
      now: clock.now,
      onQuery: (sql) => {
        if (sql.includes('_prisma_migrations')) ledgerReads++;
      },
    },
  );
});
afterAll(async () => {
  await t?.close();
});

const ready = () => t.inject({ method: 'GET', url: '/ready' });
/** Past the readiness cache's second, so the next probe checks the database again. */
const nextSecond = () => clock.advance(1001);

describe('GET /health', () => {
  it('answers 200 while the process is up, without a key', async () => {
    const response = await t.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /ready', () => {
  it('answers 200 when the database answers and every migration is applied', async () => {
    nextSecond();
    const response = await ready();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: testDialect, pendingMigrations: [] });
  });

  it('answers 503 naming a migration the database has not recorded, within a second of it', async () => {
    const prisma = t.app.database.prisma;
    const [latest] = await prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1',
    );
    expect(latest).toBeDefined();
    const name = latest!.migration_name;
    await prisma.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET rolled_back_at = finished_at WHERE migration_name = '${name}'`,
    );
    try {
      nextSecond();
      const response = await ready();
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'unavailable',
        database: testDialect,
        pendingMigrations: [name],
      });
    } finally {
      await prisma.$executeRawUnsafe(
        `UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = '${name}'`,
      );
    }
    nextSecond();
    expect((await ready()).statusCode).toBe(200);
  });

  it('checks the database at most once a second, however many probes ask', async () => {
    nextSecond();
    const before = ledgerReads;
    // 200 probes at once, then 200 one after the other, all within one second of the clock.
    const together = await Promise.all(Array.from({ length: 200 }, ready));
    for (let i = 0; i < 200; i++) {
      const response = await ready();
      expect(response.statusCode).toBe(200);
    }
    expect(together.every((response) => response.statusCode === 200)).toBe(true);
    expect(ledgerReads - before).toBe(1);
    nextSecond();
    await ready();
    expect(ledgerReads - before).toBe(2);
  });

  it('checks on every probe with READY_CACHE_MS=0', async () => {
    let reads = 0;
    const uncached = await createTestApp(
      { READY_CACHE_MS: '0' },
      { onQuery: (sql) => void (sql.includes('_prisma_migrations') && reads++) },
    );
    try {
      for (let i = 0; i < 3; i++)
        expect((await uncached.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
      expect(reads).toBe(3);
    } finally {
      await uncached.close();
    }
  });
});

describe.runIf(testDialect === 'postgres')('GET /ready while Postgres refuses connections', () => {
  it('answers 503 by the first probe more than a second after the outage began, and 200 once it ends', async () => {
    nextSecond();
    expect((await ready()).statusCode).toBe(200);
    await whilePostgresRefuses(t.url, async () => {
      nextSecond();
      const response = await ready();
      expect(response.statusCode).toBe(503);
      expect(response.json().detail).toBe('The database does not answer');
    });
    nextSecond();
    expect((await ready()).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDialect } from './helpers/database.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /health', () => {
  it('answers 200 while the process is up, without a key', async () => {
    const response = await t.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /ready', () => {
  it('answers 200 when the database answers and every migration is applied', async () => {
    const response = await t.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: testDialect, pendingMigrations: [] });
  });

  it('answers 503 naming a migration the database has not recorded', async () => {
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
      const response = await t.inject({ method: 'GET', url: '/ready' });
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
    expect((await t.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });
});

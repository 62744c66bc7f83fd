import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { testDialect, whilePostgresRefuses } from './helpers/database.js';
import { createArticle, expectProblem } from './helpers/factories.js';

/**
 * When the database cannot be reached the API answers 503 problem+json with Retry-After, never a
 * 500, and serves again by itself once the database is back. Postgres: the test database stops
 * accepting connections and its backends are terminated. SQLite: another process holds the lock.
 */
let t: TestApp;
let storyId: string;
beforeAll(async () => {
  t = await createTestApp();
  storyId = (await createArticle(t, { headline: 'Story written before the outage' })).id;
});
afterAll(async () => {
  await t?.close();
});

function expectUnavailable(response: Parameters<typeof expectProblem>[0]) {
  expectProblem(response, 503, 'DATABASE_UNAVAILABLE');
  expect(response.headers['retry-after']).toBe('5');
}

const write = () =>
  t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: { headline: 'Written during the outage' } });

describe.runIf(testDialect === 'postgres')('losing the Postgres connection', () => {
  it('answers 503 with Retry-After while the database refuses connections, then recovers', async () => {
    await whilePostgresRefuses(t.url, async () => {
      expectUnavailable(await t.inject({ method: 'GET', url: '/v1/articles', headers: admin }));
      expectUnavailable(await t.inject({ method: 'GET', url: `/v1/articles/${storyId}`, headers: admin }));
      expectUnavailable(await write());
    });
    expect((await t.inject({ method: 'GET', url: `/v1/articles/${storyId}`, headers: admin })).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(201);
  });
});

describe.runIf(testDialect === 'sqlite')('SQLite locked by another process', () => {
  it('answers 503 with Retry-After to a write while the lock is held, then recovers', async () => {
    const other = new Database(t.url.replace(/^file:/, ''));
    try {
      other.exec('BEGIN EXCLUSIVE');
      expectUnavailable(await write());
      other.exec('COMMIT');
    } finally {
      other.close();
    }
    expect((await write()).statusCode).toBe(201);
    expect(
      (await t.inject({ method: 'GET', url: '/v1/articles?limit=100', headers: admin }))
        .json()
        .data.filter((a: { headline: string }) => a.headline === 'Written during the outage'),
    ).toHaveLength(1);
  });
});

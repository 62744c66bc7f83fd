import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/database.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { createInstance, testClock } from './helpers/instances.js';
import { readAs, revisionActions, step } from './helpers/publishing.js';

const T0 = '2014-03-14T12:00:00.000Z';
const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();

const clock = testClock(T0);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
});
afterAll(async () => {
  await t?.close();
});

const tick = () => t.app.services.scheduler.tick();

describe('scheduled publishing', () => {
  it('publishes a story once its time has come, and not before', async () => {
    clock.set(T0);
    const story = await createArticle(t);
    await step(t, story, 'publish', { at: at(1) });
    clock.set(at(0.5));
    await tick();
    expect((await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).json()).toMatchObject({ status: 'scheduled' });
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(404);

    clock.set(at(1));
    const result = await tick();
    expect(result.published).toBeGreaterThanOrEqual(1);
    expect(result.failed).toBe(0);
    const read = await readAs(t, 'public', `/v1/articles/${story.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      status: 'published',
      publishAt: null,
      publishedAt: at(1),
      firstPublishedAt: at(1),
      version: 3,
    });
    expect((await revisionActions(t, story.id)).at(-1)).toEqual({
      version: 3,
      action: 'published',
      actor: 'scheduler',
    });

    expect((await tick()).published).toBe(0);
    expect(await revisionActions(t, story.id)).toHaveLength(3);
  });

  it('unpublishes a story at its unpublishAt (scheduled unpublish)', async () => {
    clock.set(T0);
    const story = await createArticle(t);
    await step(t, story, 'publish');
    await step(t, story, 'unpublish', { at: at(2) });
    expect(story).toMatchObject({ status: 'published', unpublishAt: at(2) });
    clock.set(at(1));
    await tick();
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(200);

    clock.set(at(2.5));
    expect((await tick()).unpublished).toBeGreaterThanOrEqual(1);
    expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(404);
    const read = (await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).json();
    expect(read).toMatchObject({ status: 'draft', unpublishAt: null, publishedAt: T0, firstPublishedAt: T0 });
    expect((await revisionActions(t, story.id)).map((r) => r.action)).toEqual([
      'created',
      'published',
      'unpublish_scheduled',
      'unpublished',
    ]);
  });

  it('publishes then takes down a story whose whole window passed between two ticks', async () => {
    clock.set(T0);
    const story = await createArticle(t);
    await step(t, story, 'publish', { at: at(1) });
    await step(t, story, 'unpublish', { at: at(2) });
    clock.set(at(5));
    await tick();
    const read = (await readAs(t, 'newsroom', `/v1/articles/${story.id}`)).json();
    expect(read).toMatchObject({ status: 'draft', publishAt: null, unpublishAt: null, firstPublishedAt: at(5) });
    expect((await revisionActions(t, story.id)).map((r) => r.action)).toEqual([
      'created',
      'scheduled',
      'unpublish_scheduled',
      'published',
      'unpublished',
    ]);
  });

  it('leaves alone a scheduled story that went to the trash, and one unscheduled in time', async () => {
    clock.set(T0);
    const trashed = await createArticle(t);
    await step(t, trashed, 'publish', { at: at(1) });
    expect(
      (await t.inject({ method: 'DELETE', url: `/v1/articles/${trashed.id}`, headers: ifMatch(trashed.etag) }))
        .statusCode,
    ).toBe(204);
    const cancelled = await createArticle(t);
    await step(t, cancelled, 'publish', { at: at(1) });
    await step(t, cancelled, 'unpublish');
    clock.set(at(2));
    await tick();
    const rows = await t.app.database.prisma.article.findMany({ where: { id: { in: [trashed.id, cancelled.id] } } });
    expect(rows.map((r) => [r.id, r.status, r.firstPublishedAt])).toEqual(
      expect.arrayContaining([
        [trashed.id, 'scheduled', null],
        [cancelled.id, 'draft', null],
      ]),
    );
  });

  it('deletes expired idempotency keys and keeps live ones', async () => {
    clock.set(T0);
    const prisma = t.app.database.prisma;
    const key = (name: string, expiresAt: string) => ({
      scope: 'test',
      key: name,
      requestHash: 'x',
      status: 200,
      headers: '{}',
      body: '',
      createdAt: new Date(at(-48)),
      expiresAt: new Date(expiresAt),
    });
    await prisma.idempotencyKey.createMany({ data: [key('expired', at(-1)), key('live', at(1))] });
    expect(await t.app.services.idempotencyKeys.sweep()).toBe(1);
    expect((await prisma.idempotencyKey.findMany({ where: { scope: 'test' } })).map((k) => k.key)).toEqual(['live']);
  });
});

describe('downtime', () => {
  it('catches up on stories that fell due while no instance was running', async () => {
    const database = await createTestDatabase();
    const downtimeClock = testClock(T0);
    const instances: TestApp[] = [];
    try {
      const before = await createInstance(database.url, { now: downtimeClock.now });
      instances.push(before);
      const story = await createArticle(before);
      await step(before, story, 'publish', { at: at(1) });
      await instances.pop()?.close();

      downtimeClock.set(at(6));
      const after = await createInstance(database.url, { now: downtimeClock.now });
      instances.push(after);
      expect(await after.app.services.scheduler.tick()).toMatchObject({ published: 1, failed: 0 });
      const read = await readAs(after, 'public', `/v1/articles/${story.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ status: 'published', publishedAt: at(6) });
    } finally {
      for (const instance of instances) await instance.close();
      await database.drop();
    }
  });

  it('runs on its own timer when enabled, catching up as soon as the app is ready', async () => {
    const database = await createTestDatabase();
    const instances: TestApp[] = [];
    try {
      const writer = await createInstance(database.url);
      instances.push(writer);
      const story = await createArticle(writer);
      // Due 50 ms from now in real time: overdue by the time the scheduling instance starts.
      const due = Date.now() + 50;
      await step(writer, story, 'publish', { at: new Date(due).toISOString() });
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(due));

      const server = await createInstance(database.url, {}, { SCHEDULER_INTERVAL_MS: '100' });
      instances.push(server);
      await server.app.ready();
      await vi.waitFor(
        async () => {
          expect((await readAs(server, 'public', `/v1/articles/${story.id}`)).statusCode).toBe(200);
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      for (const instance of instances) await instance.close();
      await database.drop();
    }
  });
});

describe('two instances on one database', () => {
  // Both instances live in this one process: on SQLite, a write waiting for the other connection's
  // lock blocks the event loop (the driver is synchronous) until its busy timeout, so a collision can
  // cost seconds here, unlike between two real processes. Hence the generous timeout.
  it('publish each due story exactly once when they tick at the same time', { timeout: 120_000 }, async () => {
    clock.set(T0);
    const stories = [];
    for (let i = 0; i < 8; i++) {
      const story = await createArticle(t, { headline: `Council vote ${i} scheduled` });
      await step(t, story, 'publish', { at: at(1) });
      stories.push(story);
    }
    const second = await createInstance(t.url, { now: clock.now });
    try {
      clock.set(at(2));
      const totals = { published: 0, failed: 0 };
      // SQLite lets one connection write at a time: a story the other instance had locked is skipped and
      // retried on a later tick. So tick both together until neither finds anything left to do.
      for (let round = 0; round < 10; round++) {
        const results = await Promise.all([t.app.services.scheduler.tick(), second.app.services.scheduler.tick()]);
        for (const r of results) {
          totals.published += r.published;
          totals.failed += r.failed;
        }
        if (results.every((r) => r.published === 0 && r.skipped === 0)) break;
      }
      expect(totals).toEqual({ published: stories.length, failed: 0 });
      for (const story of stories) {
        const actions = (await revisionActions(t, story.id)).map((r) => r.action);
        expect(actions.filter((a) => a === 'published')).toHaveLength(1);
        expect((await readAs(t, 'public', `/v1/articles/${story.id}`)).json()).toMatchObject({
          status: 'published',
          version: 3,
        });
      }
    } finally {
      await second.close();
    }
  });
});

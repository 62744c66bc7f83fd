import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { captionInput, readArticle } from './helpers/content.js';
import { createTestDatabase } from './helpers/database.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { step } from './helpers/publishing.js';

// A caption's date that gives only the day ("March 14, 2014") stays a day: `takenOn: '2014-03-14'`
// next to `takenAt: null`, never an instant at midnight UTC, in every format the story goes out in.

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ARCHIVE = readFileSync(new URL('./fixtures/stories/archive-2014.txt', import.meta.url), 'utf8');
const MIDNIGHT = '2014-03-14T00:00:00';

let t: TestApp;
let dir: string;
let story: { id: string; slug: string; version: number };
/** A story with a picture: JSON-LD has an ImageObject only for a caption with its image. */
let pictured: CreatedArticle;
beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'cms-caption-dates-'));
  const response = await t.inject({
    method: 'POST',
    url: '/v1/imports?status=published',
    headers: { ...admin, 'content-type': 'text/plain; charset=utf-8' },
    payload: ARCHIVE,
  });
  expect(response.statusCode, response.body).toBe(201);
  story = response.json();
  pictured = await createArticle(t, {
    headline: 'Lock gates reopen',
    captions: [captionInput({ takenAt: null, takenOn: '2014-03-14' })],
  });
  await step(t, pictured, 'publish');
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });

// Some cases start `cms` processes, which compile TypeScript on the fly: slow on a busy machine.
describe('a caption dated to the day', { timeout: 180_000 }, () => {
  it('is takenOn in JSON, with takenAt null', async () => {
    const article = (await get(`/v1/articles/${story.id}`)).json();
    expect(article.captions).toEqual([
      expect.objectContaining({
        text: 'Harbour pilots wait beside the closed lock gates in Kellsmouth, near the old ferry terminal, March 14, 2014',
        location: 'Kellsmouth, near the old ferry terminal',
        takenAt: null,
        takenOn: '2014-03-14',
      }),
    ]);
    const caption = (await get(`/v1/articles/${story.id}/captions/${article.captions[0].id}`)).json();
    expect(caption).toMatchObject({ takenAt: null, takenOn: '2014-03-14' });
  });

  it('is a day in ninjs (a valid document: contentCreated is a date-time, so a taken-on description) and in JSON-LD', async () => {
    const ninjs = (await get(`/v1/articles/${story.id}?format=ninjs`)).json();
    const [picture] = ninjs.associations;
    expect(picture).not.toHaveProperty('contentCreated');
    expect(picture.descriptions).toContainEqual({ role: 'taken-on', contentType: 'text/plain', value: '2014-03-14' });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('./fixtures/ninjs-schema_3.1.json', import.meta.url), 'utf8')),
    );
    expect(validate(ninjs) ? [] : validate.errors).toEqual([]);

    const jsonLd = (await get(`/v1/articles/${pictured.id}?format=jsonld`)).json();
    expect(jsonLd.image).toEqual([expect.objectContaining({ '@type': 'ImageObject', dateCreated: '2014-03-14' })]);
  });

  it('never becomes midnight UTC in any format, feed or export', async () => {
    const bodies = await Promise.all(
      [
        `/v1/articles/${story.id}`,
        `/v1/articles/slug/${story.slug}`,
        `/v1/articles/${story.id}/ninjs`,
        `/v1/articles/${story.id}/jsonld`,
        `/v1/articles/${pictured.id}/jsonld`,
        `/v1/articles/${story.id}/captions`,
        `/v1/articles/${story.id}/revisions/1`,
        '/v1/articles',
        '/v1/feeds/rss.xml',
        '/v1/feeds/atom.xml',
        '/v1/feeds/news-sitemap.xml',
      ].map(async (url) => {
        const response = await get(url, admin);
        expect(response.statusCode, url).toBe(200);
        return [url, response.body] as const;
      }),
    );
    for (const format of ['ndjson', 'ninjs']) {
      const run = await runCli(t.url, ['export', '--format', format]);
      expect(run.code, run.stderr).toBe(0);
      bodies.push([`cms export --format ${format}`, run.stdout]);
    }
    for (const [where, body] of bodies) expect(body, where).not.toContain(MIDNIGHT);
  });

  it('goes through an NDJSON backup and restore as a day, and a backup from before takenOn still restores', async () => {
    const backup = join(dir, 'backup.ndjson');
    expect((await runCli(t.url, ['export', '--output', backup])).code).toBe(0);
    const document = readFileSync(backup, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((line) => line.article.id === story.id);
    expect(document.captions[0]).toMatchObject({ takenAt: null, takenOn: '2014-03-14' });
    expect(document.revisions[0].snapshot.captions[0]).toMatchObject({ takenAt: null, takenOn: '2014-03-14' });

    // As a backup written before captions had takenOn: the member absent everywhere.
    const old = structuredClone(document);
    for (const caption of old.captions) delete caption.takenOn;
    for (const revision of old.revisions) for (const caption of revision.snapshot.captions) delete caption.takenOn;
    const oldBackup = join(dir, 'old-backup.ndjson');
    writeFileSync(oldBackup, `${JSON.stringify(old)}\n`);

    for (const [file, takenOn] of [
      [backup, '2014-03-14'],
      [oldBackup, null],
    ] as const) {
      const target = await createTestDatabase();
      let restored: TestApp | undefined;
      try {
        const run = await runCli(target.url, ['import', file]);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        restored = await createTestApp({ DATABASE_URL: target.url });
        const app = restored;
        const read = (url: string) => app.inject({ method: 'GET', url, headers: admin });
        const article = (await read(`/v1/articles/${story.id}`)).json();
        expect(article.captions[0]).toMatchObject({ takenAt: null, takenOn });
        const revision = await read(`/v1/articles/${story.id}/revisions/1`);
        expect(revision.statusCode, revision.body).toBe(200);
        expect(revision.json().snapshot.captions[0]).toMatchObject({ takenAt: null, takenOn });
        const again = join(dir, 'again.ndjson');
        expect((await runCli(target.url, ['export', '--output', again])).code).toBe(0);
        if (takenOn) expect(readFileSync(again, 'utf8')).toBe(readFileSync(backup, 'utf8'));
      } finally {
        await restored?.close();
        await target.drop();
      }
    }
  });
});

describe('takenOn through the API', () => {
  const captionsUrl = (id: string) => `/v1/articles/${id}/captions`;

  it('is accepted on create, and setting takenAt or takenOn by PATCH clears the other', async () => {
    const created = await createArticle(t, {
      headline: 'Archive photo desk',
      captions: [captionInput({ takenAt: undefined, takenOn: '1999-12-31' })],
    });
    let article = await readArticle(t, created.id);
    const [caption] = article.captions as Array<{ id: string; takenAt: string | null; takenOn: string | null }>;
    expect(caption).toMatchObject({ takenAt: null, takenOn: '1999-12-31' });

    const patch = async (payload: Record<string, unknown>) => {
      const response = await t.inject({
        method: 'PATCH',
        url: `${captionsUrl(created.id)}/${caption?.id}`,
        headers: ifMatch(article.etag),
        payload,
      });
      expect(response.statusCode, response.body).toBe(200);
      article = await readArticle(t, created.id);
      return response.json();
    };
    expect(await patch({ takenAt: '2000-01-01T09:15:00+01:00' })).toMatchObject({
      takenAt: '2000-01-01T08:15:00.000Z',
      takenOn: null,
    });
    expect(await patch({ takenOn: '2000-01-02' })).toMatchObject({ takenAt: null, takenOn: '2000-01-02' });
    expect(await patch({ credit: 'Archive' })).toMatchObject({ takenAt: null, takenOn: '2000-01-02' });

    // Restoring version 1 brings its day back.
    const restore = await t.inject({
      method: 'POST',
      url: `/v1/articles/${created.id}/revisions/1/restore`,
      headers: ifMatch(article.etag),
    });
    expect(restore.statusCode, restore.body).toBe(200);
    expect(restore.json().article.captions[0]).toMatchObject({ takenAt: null, takenOn: '1999-12-31' });
  });

  it.each([
    [{ takenAt: '2014-03-14T12:00:00Z', takenOn: '2014-03-14' }, 'takenOn'],
    [{ takenAt: null, takenOn: '2014-02-30' }, 'takenOn'],
    [{ takenAt: null, takenOn: '14 March 2014' }, 'takenOn'],
    [{ takenAt: null, takenOn: '2014-03-14T00:00:00Z' }, 'takenOn'],
    [{ takenAt: null, takenOn: '0000-03-14' }, 'takenOn'],
  ])('refuses %j with a 400 naming the field, and changes nothing', async (dates, path) => {
    const created = await createArticle(t, { headline: `Refused caption dates ${JSON.stringify(dates)}` });
    const before = await readArticle(t, created.id);
    const add = await t.inject({
      method: 'POST',
      url: captionsUrl(created.id),
      headers: ifMatch(before.etag),
      payload: captionInput(dates),
    });
    expect(expectProblem(add, 400, 'VALIDATION_FAILED').errors.map((e: { path: string }) => e.path)).toEqual([path]);
    const create = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: { headline: 'Never created', captions: [captionInput(dates)] },
    });
    expect(expectProblem(create, 400, 'VALIDATION_FAILED').errors.map((e: { path: string }) => e.path)).toEqual([
      `captions.0.${path}`,
    ]);
    const after = await readArticle(t, created.id);
    expect(after.version).toBe(before.version);
    expect(after.captions).toEqual([]);
  });

  it('the database itself keeps a caption to one date and a day to YYYY-MM-DD', async () => {
    const created = await createArticle(t, { headline: 'Checked in the database', captions: [captionInput()] });
    const [caption] = (await readArticle(t, created.id)).captions as Array<{ id: string }>;
    const database = await openDatabase(t.url);
    try {
      const set = (value: string) =>
        database.prisma.$executeRawUnsafe(`UPDATE captions SET taken_on = '${value}' WHERE id = '${caption?.id}'`);
      // takenAt is set: a day as well is refused.
      await expect(set('2025-03-07')).rejects.toThrow();
      await database.prisma.$executeRawUnsafe(`UPDATE captions SET taken_at = NULL WHERE id = '${caption?.id}'`);
      await expect(set('March 7')).rejects.toThrow();
      expect(await set('2025-03-07')).toBe(1);
    } finally {
      await database.close();
    }
  });
});

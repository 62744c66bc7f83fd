import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEWSROOM } from '../src/lib/access.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { runCli, withServices } from './helpers/cli.js';
import { addCaption, readArticle } from './helpers/content.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { step } from './helpers/publishing.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let t: TestApp;
let restored: TestDatabase;
let dir: string;
const ids: Record<string, string> = {};

async function importText(text: string, query = '') {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/imports${query}`,
    headers: { ...admin, 'content-type': 'text/plain' },
    payload: text,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** A newsroom with a bit of everything: imports with pending and resolved links, edits, workflow, trash. */
async function buildNewsroom(): Promise<void> {
  for (const file of readdirSync('examples').sort()) {
    ids[file] = (await importText(readFileSync(join('examples', file), 'utf8'))).id;
  }
  ids.publishedImport = (
    await importText(
      'Ferry crossing reopens\n\nThe ferry runs again from Monday.\n\nIt had stopped for repairs.\n\nHarbour Wire\n',
      '?status=published',
    )
  ).id;
  const story = await createArticle(t, {
    embargoedUntil: '2031-01-01T09:00:00Z',
    tags: ['ferry', 'harbour', 'repairs'],
  });
  ids.edited = story.id;
  await addCaption(t, story);
  const linked = await t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/related`,
    headers: ifMatch(story.etag),
    payload: { articleId: ids['riverside-festival.txt'], rel: 'background' },
  });
  expect(linked.statusCode, linked.body).toBe(201);
  story.etag = linked.headers.etag as string;
  await step(t, story, 'publish');
  const renamed = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${story.id}`,
    headers: ifMatch(story.etag),
    payload: { slug: 'ceasefire-talks-renamed' },
  });
  expect(renamed.statusCode, renamed.body).toBe(200);
  story.etag = renamed.headers.etag as string;
  const corrected = await t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/corrections`,
    headers: ifMatch(story.etag),
    payload: { text: 'The talks lasted nine hours, not six.' },
  });
  expect(corrected.statusCode, corrected.body).toBe(201);
  const doomed = await createArticle(t, { headline: 'A story that went to the trash' });
  ids.trashed = doomed.id;
  const trashed = await t.inject({ method: 'DELETE', url: `/v1/articles/${doomed.id}`, headers: ifMatch(doomed.etag) });
  expect(trashed.statusCode, trashed.body).toBe(204);
}

beforeAll(async () => {
  t = await createTestApp();
  restored = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'cms-export-'));
  await buildNewsroom();
});
afterAll(async () => {
  await t?.close();
  await restored?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('cms export --format ndjson, then cms import of the export', { timeout: 120_000 }, () => {
  it('reproduces the database exactly in an empty one (ids, slugs, links, captions, history, timestamps, trash)', async () => {
    const original = join(dir, 'original.ndjson');
    const exported = await runCli(t.url, ['export', '--format', 'ndjson', '--out', original]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('Exported 6 articles as ndjson');
    const documents = lines(original).map((line) => JSON.parse(line));
    expect(documents.map((d) => d.article.id).sort()).toEqual(Object.values(ids).sort());
    const trashed = documents.find((d) => d.article.id === ids.trashed);
    expect(trashed.article.deletedAt).toEqual(expect.any(String));
    const festival = documents.find((d) => d.article.id === ids['riverside-festival.txt']);
    expect(festival.pendingRelated).toEqual([
      expect.objectContaining({ headline: 'Brass bands compete for regional title', position: 1 }),
    ]);
    expect(festival.related).toEqual([
      expect.objectContaining({ relatedArticleId: ids['riverside-footpath.txt'], position: 0 }),
    ]);
    const editedDocument = documents.find((d) => d.article.id === ids.edited);
    expect(editedDocument.retiredSlugs).toEqual([
      expect.objectContaining({ slug: 'ceasefire-talks-stall-as-border-vote-nears' }),
    ]);
    expect(editedDocument.corrections).toEqual([
      expect.objectContaining({ text: 'The talks lasted nine hours, not six.' }),
    ]);
    expect(editedDocument.revisions.map((r: { action: string }) => r.action)).toEqual([
      'created',
      'caption_added',
      'related_added',
      'published',
      'updated',
      'correction_added',
    ]);
    // A revision's snapshot and changed fields are JSON values in the line, not JSON text inside it.
    const updated = editedDocument.revisions.find((r: { action: string }) => r.action === 'updated');
    expect(updated.changedFields).toEqual(['slug']);
    expect(updated.snapshot).toMatchObject({ id: ids.edited, slug: 'ceasefire-talks-renamed', version: 5 });

    const imported = await runCli(restored.url, ['import', original]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /^Imported: 6\n(?: {2}\+ \S+ \S+\n){6}Skipped \(already present\): 0\nFailed: 0\nRelated links restored: 3\n/,
    );
    // Each restored story by id and slug.
    const listed = [...imported.stdout.matchAll(/^ {2}\+ (\S+) (\S+)$/gm)].map(([, id, slug]) => `${id} ${slug}`);
    expect(listed.sort()).toEqual(documents.map((d) => `${d.article.id} ${d.article.slug}`).sort());

    const again = join(dir, 'again.ndjson');
    expect((await runCli(restored.url, ['export', '--out', again])).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(original, 'utf8'));

    // The API reads the restored stories as it read the originals.
    const edited = await readArticle(t, ids.edited as string);
    const { etag: _, ...expected } = edited;
    expect(
      await withServices(restored.url, (services) => services.articles.get(ids.edited as string, NEWSROOM)),
    ).toEqual(expected);
    expect(edited.related).toEqual([expect.objectContaining({ id: ids['riverside-festival.txt'], rel: 'background' })]);
  });

  it('adds nothing when the same export is imported again, and text re-imports are still recognised', async () => {
    const original = join(dir, 'original.ndjson');
    const run = await runCli(restored.url, ['import', original]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Imported: 0\nSkipped \(already present\): 6\nFailed: 0\n/);
    const texts = await runCli(restored.url, ['import', 'examples/']);
    expect(texts.stdout).toMatch(/^Imported: 0\nSkipped \(already present\): 3\n/);
    const after = join(dir, 'after.ndjson');
    expect((await runCli(restored.url, ['export', '--out', after])).code).toBe(0);
    expect(readFileSync(after, 'utf8')).toBe(readFileSync(original, 'utf8'));
  });
});

describe('cms import of a backup made before revisions were exported as JSON values', { timeout: 120_000 }, () => {
  it('restores snapshots and changed fields given as JSON text, to the same export', async () => {
    const original = join(dir, 'original.ndjson');
    const old = join(dir, 'old-format.ndjson');
    const asText = lines(original).map((line) => {
      const document = JSON.parse(line);
      for (const revision of document.revisions) {
        revision.snapshot = JSON.stringify(revision.snapshot);
        revision.changedFields = JSON.stringify(revision.changedFields);
      }
      return JSON.stringify(document);
    });
    expect(asText[0]).toContain('"snapshot":"{');
    writeFileSync(old, `${asText.join('\n')}\n`);
    const target = await createTestDatabase();
    try {
      const run = await runCli(target.url, ['import', old]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Imported: 6\n(?: {2}\+ \S+ \S+\n){6}Skipped \(already present\): 0\nFailed: 0\n/);
      const again = join(dir, 'from-old-format.ndjson');
      expect((await runCli(target.url, ['export', '--out', again])).code).toBe(0);
      expect(readFileSync(again, 'utf8')).toBe(readFileSync(original, 'utf8'));
    } finally {
      await target.drop();
    }
  });
});

describe('cms export --format ninjs', { timeout: 120_000 }, () => {
  it('writes one IPTC ninjs 3.1 document per article that validates against the schema', async () => {
    const run = await runCli(t.url, ['export', '--format', 'ninjs']);
    expect(run.code, run.stderr).toBe(0);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // The schema refers to GeoJSON for places; tests do not fetch it, and these documents have no geometry.
    ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('./fixtures/ninjs-schema_3.1.json', import.meta.url), 'utf8')),
    );
    expect(validate({ uri: 'urn:newsroom-cms:article:x', pubStatus: 'draft' })).toBe(false);
    const documents = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(documents).toHaveLength(6);
    for (const document of documents) expect(validate(document) ? [] : validate.errors).toEqual([]);

    const byUri = new Map(documents.map((d) => [d.uri, d]));
    const festival = byUri.get(`urn:newsroom-cms:article:${ids['riverside-festival.txt']}`);
    expect(festival).toMatchObject({
      type: 'text',
      pubStatus: 'withheld',
      headlines: [{ value: 'Riverside festival returns after four-year break' }],
      bodies: [{ contentType: 'text/html', value: expect.stringMatching(/^<p>The Ashford Riverside Festival/) }],
      infoSources: [{ name: 'Ashford Courier' }],
    });
    expect(festival.associations).toEqual([
      expect.objectContaining({
        type: 'picture',
        located: 'Ashford',
        // The caption gives the day, not the time: no contentCreated (a date-time in ninjs).
        descriptions: [
          {
            role: 'caption',
            contentType: 'text/plain',
            value: 'Children carry paper lanterns along the towpath in Ashford, June 15, 2024',
          },
          { role: 'taken-on', contentType: 'text/plain', value: '2024-06-15' },
        ],
      }),
    ]);
    // The footpath story it links to is a draft: ninjs names only stories the public may see (test/ninjs-visibility.test.ts).
    expect(JSON.stringify(festival.associations)).not.toContain(ids['riverside-footpath.txt']);
    expect(byUri.get(`urn:newsroom-cms:article:${ids.publishedImport}`)?.pubStatus).toBe('usable');
    expect(byUri.get(`urn:newsroom-cms:article:${ids.trashed}`)?.pubStatus).toBe('canceled');
    expect(byUri.get(`urn:newsroom-cms:article:${ids.edited}`)).toMatchObject({
      slugline: 'ceasefire-talks-renamed',
      embargoedUntil: '2031-01-01T09:00:00.000Z',
      subjects: expect.arrayContaining([{ name: 'ferry', rel: 'tag' }]),
    });
  });
});

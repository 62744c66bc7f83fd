import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addNoteOfEachKind, addRelated } from './helpers/content.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';
import { step, storyWithStatus } from './helpers/publishing.js';

/**
 * One article as IPTC ninjs 3.1 and as schema.org NewsArticle JSON-LD, chosen by Accept or
 * ?format=, on GET /v1/articles/{id} and /v1/articles/slug/{slug}.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const FUTURE = '2999-01-01T00:00:00.000Z';
let t: TestApp;
let story: CreatedArticle;
let sibling: CreatedArticle;
let draft: CreatedArticle;
let scheduled: CreatedArticle;
let embargoed: CreatedArticle;
let reader: Record<string, string>;
let validateNinjs: ReturnType<Ajv2020['compile']>;

beforeAll(async () => {
  t = await createTestApp({
    SITE_NAME: 'Harbour Courier',
    SITE_URL: 'https://news.example.com',
    ARTICLE_URL_TEMPLATE: 'https://news.example.com/stories/{slug}',
  });
  reader = (await createKey(t, 'reader')).headers;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The schema refers to GeoJSON for places; tests do not fetch it, and these documents have no geometry.
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  validateNinjs = ajv.compile(
    JSON.parse(readFileSync(new URL('./fixtures/ninjs-schema_3.1.json', import.meta.url), 'utf8')),
  );

  sibling = await storyWithStatus(t, 'published', FUTURE, { headline: 'Border vote: what the ballot asks' });
  draft = await storyWithStatus(t, 'draft', FUTURE, { headline: 'Draft background on the border' });
  scheduled = await storyWithStatus(t, 'scheduled', FUTURE, { headline: 'Scheduled explainer on the border' });
  embargoed = await storyWithStatus(t, 'published', FUTURE, {
    headline: 'Embargoed poll on the border',
    embargoedUntil: FUTURE,
  });
  story = await createArticle(t, { headline: 'Ceasefire talks stall as border vote nears' });
  await addCaption(t, story);
  await addCaption(t, story, {
    text: 'A second picture without an image file',
    credit: null,
    imageUrl: null,
    altText: null,
    location: null,
    takenAt: null,
  });
  for (const target of [sibling, draft, scheduled, embargoed])
    await addRelated(t, story, target, { rel: target === sibling ? 'background' : 'related' });
  await step(t, story, 'publish');
  await addNoteOfEachKind(t, story);
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });

describe('GET /v1/articles/{id} as IPTC ninjs 3.1', () => {
  it('answers Accept: application/ninjs+json and ?format=ninjs with a document valid against the official schema', async () => {
    const byAccept = await get(`/v1/articles/${story.id}`, { accept: 'application/ninjs+json' });
    const byQuery = await get(`/v1/articles/${story.id}?format=ninjs`);
    for (const response of [byAccept, byQuery]) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/ninjs\+json/);
      const document = response.json();
      expect(validateNinjs(document) ? [] : validateNinjs.errors).toEqual([]);
    }
    expect(byQuery.body).toBe(byAccept.body);
    expect(validateNinjs({ uri: 'urn:x', pubStatus: 'not-a-status' })).toBe(false);
  });

  it('maps captions to picture associations with description and credit, and related stories to text associations', async () => {
    const document = (await get(`/v1/articles/${story.id}?format=ninjs`)).json();
    expect(document).toMatchObject({
      uri: `urn:newsroom-cms:article:${story.id}`,
      standard: { name: 'ninjs', version: '3.1' },
      type: 'text',
      pubStatus: 'usable',
      headlines: [{ role: 'main', value: 'Ceasefire talks stall as border vote nears' }],
      by: 'Mara Lindqvist',
      subjects: [
        { name: 'World', rel: 'section' },
        { name: 'diplomacy', rel: 'tag' },
        { name: 'border', rel: 'tag' },
      ],
    });
    const pictures = document.associations.filter((a: { type: string }) => a.type === 'picture');
    expect(pictures).toEqual([
      expect.objectContaining({
        descriptions: [
          {
            role: 'caption',
            contentType: 'text/plain',
            value: 'Delegates leave the conference hall in Geneva after the final session, March 7, 2025',
          },
          { role: 'alt', contentType: 'text/plain', value: 'People in coats walk down a wide staircase' },
        ],
        by: 'Harbour Wire/Ines Calder',
        located: 'Geneva, Switzerland',
        contentCreated: '2025-03-07T17:45:00.000Z',
        renditions: [{ name: 'original', href: 'https://images.example.com/geneva/hall.jpg' }],
      }),
      expect.objectContaining({
        descriptions: [{ role: 'caption', contentType: 'text/plain', value: 'A second picture without an image file' }],
      }),
    ]);
    expect(pictures[1]).not.toHaveProperty('by');
    expect(document.associations.filter((a: { type: string }) => a.type === 'text')).toEqual([
      {
        name: sibling.headline,
        uri: `urn:newsroom-cms:article:${sibling.id}`,
        type: 'text',
        rel: 'background',
        slugline: sibling.slug,
        headlines: [{ value: sibling.headline }],
      },
    ]);
  });

  it('embeds only related stories the caller may see: the public gets the published one, editors all live ones', async () => {
    const related = async (headers: Record<string, string>) =>
      (await get(`/v1/articles/${story.id}?format=ninjs`, headers))
        .json()
        .associations.filter((a: { type: string }) => a.type === 'text')
        .map((a: { uri: string }) => a.uri.split(':').at(-1));
    expect(await related({})).toEqual([sibling.id]);
    expect(await related(reader)).toEqual([sibling.id]);
    expect(await related(admin)).toEqual([sibling.id, draft.id, scheduled.id, embargoed.id]);
    const jsonLd = (await get(`/v1/articles/${story.id}?format=jsonld`, reader)).json();
    expect(jsonLd.isRelatedTo.map((r: { headline: string }) => r.headline)).toEqual([sibling.headline]);
  });

  it('is a 404 for the public when the story is not published, in every format', async () => {
    for (const hidden of [draft, scheduled, embargoed]) {
      for (const format of ['ninjs', 'jsonld']) {
        expectProblem(await get(`/v1/articles/${hidden.id}?format=${format}`), 404, 'NOT_FOUND');
        expectProblem(await get(`/v1/articles/slug/${hidden.slug}?format=${format}`, reader), 404, 'NOT_FOUND');
      }
    }
    const forEditors = (await get(`/v1/articles/${draft.id}?format=ninjs`, admin)).json();
    expect(validateNinjs(forEditors) ? [] : validateNinjs.errors).toEqual([]);
    expect(forEditors.pubStatus).toBe('withheld');
  });
});

describe('GET /v1/articles/{id} as schema.org NewsArticle JSON-LD', () => {
  it('carries headline, dates, author, publisher, images with captions, the publication and related stories', async () => {
    const response = await get(`/v1/articles/${story.id}`, { accept: 'application/ld+json' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
    const current = (await get(`/v1/articles/${story.id}`)).json();
    const url = `https://news.example.com/stories/${story.slug}`;
    expect(response.json()).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      '@id': url,
      url,
      headline: 'Ceasefire talks stall as border vote nears',
      description: 'Nine hours of talks in Geneva end without agreement.',
      datePublished: current.publishedAt,
      dateModified: current.updatedAt,
      inLanguage: 'en',
      author: [{ '@type': 'Person', name: 'Mara Lindqvist' }],
      publisher: { '@type': 'NewsMediaOrganization', name: 'Harbour Courier', url: 'https://news.example.com' },
      articleSection: 'World',
      keywords: ['diplomacy', 'border'],
      image: [
        {
          '@type': 'ImageObject',
          url: 'https://images.example.com/geneva/hall.jpg',
          caption: 'Delegates leave the conference hall in Geneva after the final session, March 7, 2025',
          creditText: 'Harbour Wire/Ines Calder',
          contentLocation: { '@type': 'Place', name: 'Geneva, Switzerland' },
        },
      ],
      isPartOf: { '@type': 'WebSite', name: 'Harbour Courier', url: 'https://news.example.com' },
      isRelatedTo: [
        { '@type': 'NewsArticle', headline: sibling.headline, url: `https://news.example.com/stories/${sibling.slug}` },
      ],
      isAccessibleForFree: true,
    });
  });

  it('has an ImageObject only for a caption with an image: Google requires each to have a url', async () => {
    const { image } = (await get(`/v1/articles/${story.id}?format=jsonld`)).json();
    expect(image).toHaveLength(1);
    for (const object of image) expect(object).toMatchObject({ url: expect.stringMatching(/^https:\/\//) });
    const textOnly = await createArticle(t, { headline: 'A story whose caption has no picture yet' });
    await addCaption(t, textOnly, { imageUrl: null });
    expect((await get(`/v1/articles/${textOnly.id}?format=jsonld`, admin)).json()).not.toHaveProperty('image');
  });

  it('lists corrections and clarifications as CorrectionComment, oldest first, and leaves updates out', async () => {
    const document = (await get(`/v1/articles/${story.id}?format=jsonld`)).json();
    expect(document.correction).toEqual([
      {
        '@type': 'CorrectionComment',
        name: 'correction',
        text: 'The talks lasted nine hours, not six.',
        datePublished: expect.any(String),
      },
      {
        '@type': 'CorrectionComment',
        name: 'clarification',
        text: 'Geneva, not Lausanne.',
        datePublished: expect.any(String),
      },
    ]);
  });

  it('names the publisher as author when the story has no byline, and omits datePublished for a draft', async () => {
    const document = (await get(`/v1/articles/${draft.id}?format=jsonld`, admin)).json();
    expect(document.datePublished).toBeUndefined();
    const bylineless = await createArticle(t, { headline: 'Wire copy without a byline', byline: null });
    const jsonLd = (await get(`/v1/articles/${bylineless.id}?format=jsonld`, admin)).json();
    expect(jsonLd.author).toEqual([
      expect.objectContaining({ '@type': 'NewsMediaOrganization', name: 'Harbour Courier' }),
    ]);
  });
});

describe('format negotiation', () => {
  it('serves JSON without Accept, for */* and for application/json, and picks by quality', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/html,application/xhtml+xml,*/*;q=0.8']) {
      const response = await get(`/v1/articles/${story.id}`, accept ? { accept } : {});
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-type'], accept).toMatch(/^application\/json/);
      expect(response.json().id).toBe(story.id);
    }
    const preferred = await get(`/v1/articles/${story.id}`, {
      accept: 'application/json;q=0.5, application/ld+json;q=0.9, application/ninjs+json;q=0.7',
    });
    expect(preferred.headers['content-type']).toMatch(/^application\/ld\+json/);
  });

  it('lets ?format= win over Accept, and works by slug', async () => {
    const response = await get(`/v1/articles/slug/${story.slug}?format=ninjs`, { accept: 'application/ld+json' });
    expect(response.headers['content-type']).toMatch(/^application\/ninjs\+json/);
    expect(response.json().uri).toBe(`urn:newsroom-cms:article:${story.id}`);
    expect(
      (await get(`/v1/articles/slug/${story.slug}?format=json`, { accept: 'application/ld+json' })).json().id,
    ).toBe(story.id);
  });

  it('answers 406 problem+json naming the formats there are, for an unknown format or an Accept it cannot meet', async () => {
    for (const [url, headers] of [
      [`/v1/articles/${story.id}?format=xml`, {}],
      [`/v1/articles/${story.id}?format=NINJS`, {}],
      [`/v1/articles/${story.id}`, { accept: 'text/html' }],
      [`/v1/articles/${story.id}`, { accept: 'application/xml, application/json;q=0' }],
      [`/v1/articles/slug/${story.slug}`, { accept: 'image/png' }],
      // A 406 does not tell whether a story exists.
      ['/v1/articles/01900000-0000-7000-8000-000000000000?format=rss', {}],
    ] as const) {
      const body = expectProblem(await get(url, headers), 406, 'NOT_ACCEPTABLE');
      expect(body.available).toEqual([
        'json (application/json)',
        'ninjs (application/ninjs+json)',
        'jsonld (application/ld+json)',
      ]);
    }
  });

  it('keeps the format when a former slug redirects to the current one', async () => {
    const renamed = await createArticle(t, { headline: 'A story that will be renamed' });
    await step(t, renamed, 'publish');
    const oldSlug = renamed.slug;
    const patched = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${renamed.id}`,
      headers: ifMatch(renamed.etag),
      payload: { slug: 'a-renamed-story' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const moved = await get(`/v1/articles/slug/${oldSlug}?format=jsonld`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/v1/articles/slug/a-renamed-story?format=jsonld');
  });
});

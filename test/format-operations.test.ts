import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addNoteOfEachKind, addRelated } from './helpers/content.js';
import { type CreatedArticle, createArticle, expectProblem, patchStory } from './helpers/factories.js';
import { type Document, schemaValidator, servedDocument } from './helpers/openapi-document.js';
import { step, storyWithStatus } from './helpers/publishing.js';

/**
 * The news formats on paths of their own (getArticleNinjs, getArticleJsonLd and their by-slug
 * twins): the same bytes the negotiated reads give, every document valid against the closed schema
 * the OpenAPI document gives for it, whoever reads and whatever the story holds.
 */
const FUTURE = '2999-01-01T00:00:00.000Z';
const FORMATS = [
  { format: 'ninjs', mediaType: 'application/ninjs+json' },
  { format: 'jsonld', mediaType: 'application/ld+json' },
] as const;
let t: TestApp;
let document: Document;
let validator: ReturnType<typeof schemaValidator>;
let story: CreatedArticle;
let bare: CreatedArticle;
let embargoed: CreatedArticle;

beforeAll(async () => {
  t = await createTestApp({ SITE_NAME: 'Harbour Courier', SITE_LOGO_URL: 'https://news.example.com/logo.png' });
  document = await servedDocument(t);
  validator = schemaValidator(document);
  const sibling = await storyWithStatus(t, 'published', FUTURE, { headline: 'Border vote: what the ballot asks' });
  const draft = await storyWithStatus(t, 'draft', FUTURE, { headline: 'Draft background on the border' });
  story = await createArticle(t, { headline: 'Ceasefire talks stall as border vote nears' });
  await addCaption(t, story);
  await addCaption(t, story, {
    text: 'A second picture without an image file',
    credit: null,
    imageUrl: null,
    altText: null,
    location: null,
    // Dated to the day only: ninjs says so with a `taken-on` description, JSON-LD with a Date.
    takenAt: null,
    takenOn: '2025-03-06',
  });
  await addRelated(t, story, sibling, { rel: 'background' });
  await addRelated(t, story, draft);
  await step(t, story, 'publish');
  await addNoteOfEachKind(t, story);
  // Everything optional left out: no summary, byline, source, section, tags, captions or links.
  bare = await createArticle(t, {
    headline: 'A bare draft',
    summary: null,
    byline: null,
    source: null,
    section: null,
    tags: [],
  });
  embargoed = await storyWithStatus(t, 'published', FUTURE, { headline: 'Embargoed poll', embargoedUntil: FUTURE });
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });

describe('GET /v1/articles/{id}/ninjs and /jsonld', () => {
  it('serve documents valid against their closed schemas, for the public and the newsroom, rich or bare', async () => {
    const reads: Array<[CreatedArticle, Record<string, string>]> = [
      [story, {}],
      [story, admin],
      [bare, admin],
      [embargoed, admin],
    ];
    for (const { format, mediaType } of FORMATS) {
      for (const [target, headers] of reads) {
        for (const path of [`/v1/articles/${target.id}/${format}`, `/v1/articles/slug/${target.slug}/${format}`]) {
          const response = await get(path, headers);
          const where = `${path} ${headers.authorization ? 'newsroom' : 'public'}`;
          expect(response.statusCode, where).toBe(200);
          expect(response.headers['content-type'], where).toMatch(new RegExp(`^${mediaType.replace('+', '\\+')}`));
          const documented = path.includes('/slug/') ? '/v1/articles/slug/{slug}' : '/v1/articles/{id}';
          expect(validator.response('GET', `${documented}/${format}`, 200, mediaType, response.json()), where).toEqual(
            [],
          );
        }
      }
    }
    // The rich story shows every optional member the schemas have, so none of them goes unchecked.
    const ninjs = (await get(`/v1/articles/${story.id}/ninjs`)).json();
    expect(Object.keys(ninjs)).toEqual(expect.arrayContaining(['descriptions', 'by', 'infoSources', 'subjects']));
    expect(ninjs.associations.map((a: { type: string }) => a.type)).toEqual(['picture', 'picture', 'text']);
    const jsonld = (await get(`/v1/articles/${story.id}/jsonld`)).json();
    expect(Object.keys(jsonld)).toEqual(
      expect.arrayContaining(['image', 'correction', 'isRelatedTo', 'keywords', 'sourceOrganization']),
    );
    expect((await get(`/v1/articles/${embargoed.id}/ninjs`, admin)).json().embargoedUntil).toBe(FUTURE);
  });

  it('answer the same bytes and ETag as the negotiated read, whatever Accept says, varying by Authorization only', async () => {
    for (const { format, mediaType } of FORMATS) {
      for (const headers of [{}, admin]) {
        const own = await get(`/v1/articles/${story.id}/${format}`, { ...headers, accept: 'application/json' });
        const byAccept = await get(`/v1/articles/${story.id}`, { ...headers, accept: mediaType });
        const byQuery = await get(`/v1/articles/${story.id}?format=${format}`, headers);
        expect(own.statusCode).toBe(200);
        expect(own.headers['content-type']).toBe(byAccept.headers['content-type']);
        expect(own.body).toBe(byAccept.body);
        expect(own.body).toBe(byQuery.body);
        expect(own.headers.etag).toBe(byAccept.headers.etag);
        expect(own.headers['cache-control']).toBe(byAccept.headers['cache-control']);
        expect(own.headers['surrogate-key']).toBe(byAccept.headers['surrogate-key']);
        expect(own.headers.vary).toBe('Authorization');
        expect(byAccept.headers.vary).toBe('Authorization, Accept');
      }
    }
  });

  it('give 304 for the ETag they sent, 404 for an unknown story, 400 for a malformed id', async () => {
    for (const { format } of FORMATS) {
      const first = await get(`/v1/articles/${story.id}/${format}`);
      const again = await get(`/v1/articles/${story.id}/${format}`, { 'if-none-match': first.headers.etag as string });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expectProblem(await get(`/v1/articles/019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10/${format}`), 404);
      expectProblem(await get(`/v1/articles/not-an-id/${format}`), 400);
      expectProblem(await get(`/v1/articles/slug/no-such-story/${format}`), 404);
      // A draft is no one's business but the newsroom's, in every format.
      expectProblem(await get(`/v1/articles/${bare.id}/${format}`), 404);
    }
  });

  it('redirect a former slug to the same format under the current slug', async () => {
    const renamed = await createArticle(t, { headline: 'A story that will be renamed' });
    await step(t, renamed, 'publish');
    const oldSlug = renamed.slug;
    await patchStory(t, renamed, { slug: 'a-renamed-format-story' });
    for (const { format } of FORMATS) {
      const moved = await get(`/v1/articles/slug/${oldSlug}/${format}`);
      expect(moved.statusCode).toBe(301);
      expect(moved.headers.location).toBe(`/v1/articles/slug/a-renamed-format-story/${format}`);
      expect((await get(moved.headers.location as string)).statusCode).toBe(200);
    }
  });
});

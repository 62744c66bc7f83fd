import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { listedIds, readArticle } from './helpers/content.js';
import { expectProblem, ifMatch } from './helpers/factories.js';
import { createKey } from './helpers/keys.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const INSTANT = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/stories/${name}`, import.meta.url));

function importStory(
  payload: string | Buffer,
  query = '',
  headers: Record<string, string> = admin,
  contentType = 'text/plain; charset=utf-8',
) {
  return t.inject({
    method: 'POST',
    url: `/v1/imports${query}`,
    headers: { ...headers, 'content-type': contentType },
    payload,
  });
}

async function imported(payload: string | Buffer, query = '') {
  const response = await importStory(payload, query);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A story in the archive format, in our own words. */
function story(headline: string, options: { related?: string[]; caption?: string; source?: string } = {}): string {
  return [
    headline,
    '',
    headline,
    '',
    `${headline}: the first paragraph of a story written for the import tests.`,
    '',
    'A second paragraph, so the source line below is not mistaken for the body.',
    '',
    ...(options.caption ? ['PHOTO CAPTION', '', options.caption, ''] : []),
    options.source ?? 'Test Wire',
    '',
    ...(options.related ? ['Related Articles', '', ...options.related] : []),
  ].join('\n');
}

const blankArticleFields = {
  summary: null,
  byline: null,
  authors: [],
  subjects: [],
  section: null,
  tags: [],
  language: 'en',
  status: 'draft',
  version: 1,
  publishedAt: null,
  firstPublishedAt: null,
  publishAt: null,
  unpublishAt: null,
  embargoedUntil: null,
  related: [],
  corrections: [],
};
/** A caption's date is a day ("February 3, 2021"), never an instant: takenOn, and takenAt null. */
const caption = (fields: { text: string; location: string | null; takenOn: string | null }, position: number) => ({
  id: UUID,
  articleId: UUID,
  position,
  credit: null,
  imageUrl: null,
  altText: null,
  takenAt: null,
  createdAt: INSTANT,
  updatedAt: INSTANT,
  ...fields,
});

describe('POST /v1/imports', () => {
  it('imports full.txt as exactly the expected article, field by field (201, Location, ETag)', async () => {
    const response = await importStory(fixture('full.txt'));
    expect(response.statusCode, response.body).toBe(201);
    const article = response.json();
    expect(response.headers.location).toBe(`/v1/articles/${article.id}`);
    expect(response.headers.etag).toBe('"v1"');
    expect(article).toEqual({
      ...blankArticleFields,
      id: UUID,
      createdAt: INSTANT,
      updatedAt: INSTANT,
      slug: 'harbour-bridge-reopens-after-storm-repairs',
      headline: 'Harbour bridge reopens after storm repairs',
      source: 'Coastal Herald',
      body: [
        '<p>The Westhaven harbour bridge reopened to traffic on Monday, three weeks after a winter storm tore away part of its eastern railing.</p>',
        '<p>City engineers said the repairs cost 4.2 million euros, slightly less than first estimated, and that the span had passed two independent safety inspections.</p>',
        '<p>Commuters who had faced detours of up to 40 minutes welcomed the news. "It\'s like getting an hour of my day back," said Maria Oduya, a nurse who crosses the bridge twice a day.</p>',
      ].join('\n'),
      captions: [
        caption(
          {
            text: 'Workers fit new steel railings on the eastern side of the harbour bridge in Westhaven, near the port town of Kellsmouth, February 3, 2021',
            location: 'Westhaven, near the port town of Kellsmouth',
            takenOn: '2021-02-03',
          },
          0,
        ),
      ],
    });
    expect(article.captions[0].articleId).toBe(article.id);
    const { etag: _, ...read } = await readArticle(t, article.id);
    expect(read).toEqual(article);
  });

  it.each([
    {
      file: 'multi-caption.txt',
      slug: 'volunteers-count-migrating-cranes-at-lake-sorrel',
      headline: 'Volunteers count migrating cranes at Lake Sorrel',
      source: 'Sorrel Valley News',
      body:
        '<p>Thousands of common cranes stopped at Lake Sorrel this week on their way south, giving volunteer birdwatchers their busiest weekend in a decade.</p>\n' +
        '<p>Organisers said 212 people took part in the annual count, which recorded an estimated 18,400 birds.</p>',
      captions: [
        {
          text: 'Cranes take off at dawn from the shallows of Lake Sorrel in Marrowby, 12 October 2022',
          location: 'Marrowby',
          takenOn: '2022-10-12',
        },
        {
          text: "A volunteer records numbers on a tally sheet in the reserve's north hide, Oct. 13, 2022",
          location: null,
          takenOn: '2022-10-13',
        },
        { text: 'An adult crane in flight above the reed beds', location: null, takenOn: null },
        {
          text: 'Birdwatchers gather at the visitor centre, Oct 13, 2022',
          location: null,
          takenOn: '2022-10-13',
        },
        {
          text: 'A juvenile crane feeds in a stubble field in Upper Marrowby, 2022-10-14',
          location: 'Upper Marrowby',
          takenOn: '2022-10-14',
        },
      ],
    },
    {
      file: 'crlf.txt',
      slug: 'council-approves-new-cycle-lanes-for-city-centre',
      headline: 'Council approves new cycle lanes for city centre',
      source: null,
      body:
        '<p>Councillors voted 31 to 9 on Thursday to build 14 kilometres of protected cycle lanes through the city centre.</p>\n' +
        '<p>Construction is due to begin in the spring &amp; finish before the end of next year.</p>',
      captions: [
        {
          text: 'A cyclist rides along Mill Street in Northbridge, 9 March 2023',
          location: 'Northbridge',
          takenOn: '2023-03-09',
        },
      ],
    },
    {
      file: 'minimal.txt',
      slug: 'village-shop-saved-by-community-buy-out',
      headline: 'Village shop saved by community buy-out',
      source: null,
      body: '<p>Residents of Aldercombe have raised enough money to buy their village shop, which was due to close at the end of the month.</p>',
      captions: [],
    },
    {
      file: 'non-ascii.txt',
      slug: 'cafe-in-zuerich-serves-kiyiv-borscht-to-curious-locals',
      headline: 'Café in Zürich serves “Київ” borscht to curious locals',
      source: 'Limmat Bote',
      body:
        '<p>Olena Kovalenko opened her small café near the Limmat river last spring, naming it after her home city, Київ.</p>\n' +
        '<p>She greets customers with “Привіт” and “مرحبا”, and says the crème fraîche she buys in Zürich is “almost as good as home”.</p>',
      captions: [
        {
          text: 'Olena Kovalenko serves borscht at her café in Zürich, 5 May 2023',
          location: 'Zürich',
          takenOn: '2023-05-05',
        },
      ],
    },
    {
      file: 'wrapped.txt',
      slug: 'library-extends-opening-hours-during-exam-season',
      headline: 'Library extends opening hours during exam season',
      source: null,
      body:
        '<p>The central library in Fenwick will stay open until midnight on weekdays for the next six weeks, giving students a quiet place to revise before summer exams.</p>\n' +
        '<p>Head librarian Tomas Reyes said the change followed a petition signed by more than 1,500 students, and that extra staff had been hired for the late shifts.</p>',
      captions: [
        {
          text: 'Students revise in the main reading room of the central library in Fenwick, May 2, 2024',
          location: 'Fenwick',
          takenOn: '2024-05-02',
        },
      ],
    },
  ])('imports $file field by field', async ({ file, captions, ...fields }) => {
    const article = await imported(fixture(file));
    expect(article).toEqual({
      ...blankArticleFields,
      ...fields,
      id: UUID,
      createdAt: INSTANT,
      updatedAt: INSTANT,
      captions: captions.map((c, position) => caption(c, position)),
    });
  });

  it('answers 422 with the parser’s reason for a file it cannot understand, storing nothing', async () => {
    const before = await listedIds(t);
    const cases: Array<[string | Buffer, string]> = [
      [fixture('bad/empty.txt'), 'file is empty'],
      [fixture('bad/headline-only.txt'), 'story has a headline but no body paragraphs'],
      [
        fixture('bad/only-markers.txt'),
        'file contains only block markers (PHOTO CAPTION / Related Articles), no headline or body',
      ],
      ['Binary story\n\nA body\u0000with a NUL byte.\n', 'file contains NUL bytes; it looks binary, not text'],
      [Buffer.from([0x48, 0x65, 0x61, 0x64, 0x0a, 0x0a, 0xc3, 0x28, 0x0a]), 'not valid UTF-8 text'],
      [
        story('A caption far too long to keep', { caption: `${'Long words '.repeat(200)}in Ashford, June 1, 2024` }),
        'captions.0.text: Too big: expected string to have <=2000 characters',
      ],
    ];
    for (const [payload, reason] of cases) {
      const problem = expectProblem(await importStory(payload), 422, 'UNPARSABLE_STORY');
      expect(problem.reason).toBe(reason);
      expect(problem.detail).toBe(`The story cannot be imported: ${reason}`);
    }
    expect(await listedIds(t)).toEqual(before);
  });

  it('answers 415 for a body that is not UTF-8 plain text', async () => {
    const text = story('Content types are checked first');
    expectProblem(
      await importStory(JSON.stringify({ text }), '', admin, 'application/json'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(await importStory(text, '', admin, 'text/plain; charset=iso-8859-1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await importStory(text, '', admin, 'text/markdown'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await importStory(text, '', admin, 'text/plain')).statusCode).toBe(201);
  });

  it('is idempotent: the same story again, even with CRLF line endings, is 200 with the article it became', async () => {
    const text = story('Ferry timetable changes for winter', {
      caption: 'The ferry leaves Kellsmouth pier, November 2, 2023',
    });
    const first = await imported(text);
    const count = (await listedIds(t)).length;
    for (const again of [text, text.replaceAll('\n', '\r\n'), `\uFEFF  ${text.replaceAll('\n\n', '\n\n\n')}`]) {
      const response = await importStory(again);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers.location).toBe(`/v1/articles/${first.id}`);
      expect(response.headers.etag).toBe('"v1"');
      expect(response.json()).toEqual(first);
    }
    expect((await listedIds(t)).length).toBe(count);
  });

  it('links related headlines already present, and links pending ones when that story arrives, in the block’s order', async () => {
    const barrier = await imported(
      story('Tidal barrier opens to ships', {
        related: ['Harbour pilots strike ends', 'Dredging resumes in Kell estuary', 'Tidal barrier opens to ships'],
      }),
    );
    expect(barrier.related).toEqual([]);

    // Matched by headline key: case, quotes and trailing punctuation do not matter.
    const dredging = await imported(
      story('Dredging resumes in Kell estuary', { related: ['TIDAL BARRIER OPENS TO SHIPS!'] }),
    );
    expect(dredging.related).toEqual([
      { id: barrier.id, slug: barrier.slug, headline: barrier.headline, rel: 'related', position: 0 },
    ]);
    const afterOne = await readArticle(t, barrier.id);
    expect(afterOne.version).toBe(2);
    expect(afterOne.related).toEqual([
      { id: dredging.id, slug: dredging.slug, headline: dredging.headline, rel: 'related', position: 0 },
    ]);

    const pilots = await imported(story('Harbour pilots strike ends'));
    const afterTwo = await readArticle(t, barrier.id);
    expect(afterTwo.etag).toBe('"v3"');
    expect((afterTwo.related as Array<{ id: string }>).map((link) => link.id)).toEqual([pilots.id, dredging.id]);

    const revisions = await t.inject({ method: 'GET', url: `/v1/articles/${barrier.id}/revisions`, headers: admin });
    expect(revisions.statusCode, revisions.body).toBe(200);
    expect(
      revisions
        .json()
        .data.map((r: { version: number; action: string; changedFields: string[] }) => [
          r.version,
          r.action,
          r.changedFields,
        ]),
    ).toEqual([
      [3, 'related_added', ['related']],
      [2, 'related_added', ['related']],
      [1, 'created', expect.arrayContaining(['headline', 'body'])],
    ]);
  });

  it('links every waiting story when the stories it waits for arrive at once (each import 201)', async () => {
    const hub = await imported(
      story('Ferry hub waits for five reports', {
        related: [1, 2, 3, 4, 5].map((n) => `Ferry report number ${n}`),
      }),
    );
    // Each arriving story links the hub as a change of the hub's own: five writers on one story.
    const responses = await Promise.all([1, 2, 3, 4, 5].map((n) => importStory(story(`Ferry report number ${n}`))));
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const after = await readArticle(t, hub.id);
    expect(after.version).toBe(6);
    expect((after.related as Array<{ id: string }>).map((link) => link.id)).toEqual(
      responses.map((response) => response.json().id),
    );
  });

  it('publishes at once with status=published and takes the source from source=', async () => {
    const article = await imported(
      story('Lighthouse keeper retires after forty years'),
      '?status=published&source=Harbour%20Gazette',
    );
    expect(article).toMatchObject({ status: 'published', source: 'Harbour Gazette', version: 1 });
    expect(article.publishedAt).toBe(article.createdAt);
    expect(article.firstPublishedAt).toBe(article.createdAt);
    const publicRead = await t.inject({ method: 'GET', url: `/v1/articles/${article.id}` });
    expect(publicRead.statusCode).toBe(200);
    expectProblem(
      await importStory(story('Status must be draft or published'), '?status=archived'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('answers 409 when the story was imported before and is now in the trash', async () => {
    const text = story('Pier repairs delayed by storms');
    const article = await imported(text);
    const trashed = await t.inject({ method: 'DELETE', url: `/v1/articles/${article.id}`, headers: ifMatch('"v1"') });
    expect(trashed.statusCode, trashed.body).toBe(204);
    const problem = expectProblem(await importStory(text), 409, 'IMPORTED_STORY_IN_TRASH');
    expect(problem.articleId).toBe(article.id);
  });

  it('is for editors: 401 without a key, 403 for a reader key, 201 for an editor key', async () => {
    const text = story('Only editors may import stories');
    expectProblem(await importStory(text, '', {}), 401);
    expectProblem(await importStory(text, '', (await createKey(t, 'reader')).headers), 403);
    expect((await importStory(text, '', (await createKey(t, 'editor')).headers)).statusCode).toBe(201);
  });

  it('is documented in the OpenAPI document as a text/plain operation', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operation = doc.paths['/v1/imports'].post;
    expect(operation.operationId).toBe('importStory');
    expect(Object.keys(operation.requestBody.content)).toEqual(['text/plain']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '201', '415', '422']));
  });
});

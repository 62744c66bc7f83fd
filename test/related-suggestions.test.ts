import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addRelated } from './helpers/content.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { publishedStory } from './helpers/listing.js';

let t: TestApp;
const s: Record<string, CreatedArticle> = {};

const story = (headline: string, body: string) => ({
  headline,
  body: `<p>${body}</p>`,
  summary: null,
  tags: [],
  captions: [],
});

const FILLER = [
  [
    'Rain expected over the weekend',
    'The weather service said the rain would last until Monday and the rivers would rise.',
  ],
  ['Council approves the new budget', 'The council said the budget would fund schools and the roads.'],
  ['Local team wins the cup final', 'The team said the win was the best moment of the season for the fans.'],
  ['Bakery celebrates a century', 'The owners said the bakery had served the town for a hundred years.'],
  ['Tram line extension opens', 'The mayor said the tram would cut journey times and the noise.'],
  ['Library extends its hours', 'The library said the hours would help students and the elderly.'],
  ['Hospital wing completed', 'The hospital said the wing would add beds and the staff were ready.'],
  ['Farmers market returns', 'The organisers said the market would run every Saturday and the stalls were full.'],
];

beforeAll(async () => {
  t = await createTestApp();
  let day = 1;
  const when = () => `2025-03-${String(day++).padStart(2, '0')}T00:00:00.000Z`;
  for (const [headline, body] of FILLER) await publishedStory(t, when(), story(headline as string, body as string));
  s.source = await publishedStory(
    t,
    when(),
    story(
      'Crimea referendum: Simferopol prepares to vote',
      'In Simferopol, officials said the Crimea referendum would go ahead. Sevastopol sailors and the peninsula watched the fleet.',
    ),
  );
  s.fleet = await publishedStory(
    t,
    when(),
    story(
      'Sevastopol fleet on alert before the Crimea referendum',
      'The fleet in Sevastopol was on alert as the peninsula prepared for the referendum in Crimea and Simferopol.',
    ),
  );
  s.tourism = await publishedStory(
    t,
    when(),
    story('Peninsula tourism slumps', 'Hotels on the Crimea coast said bookings fell and the beaches were empty.'),
  );
  s.draft = await createArticle(
    t,
    story(
      'Draft: Crimea referendum in Simferopol and Sevastopol',
      'Simferopol Sevastopol Crimea referendum peninsula.',
    ),
  );
  s.trashed = await publishedStory(
    t,
    when(),
    story('Trashed: Crimea referendum Simferopol Sevastopol', 'Simferopol Sevastopol Crimea referendum fleet.'),
  );
  const trash = await t.inject({
    method: 'DELETE',
    url: `/v1/articles/${s.trashed.id}`,
    headers: ifMatch(s.trashed.etag),
  });
  expect(trash.statusCode).toBe(204);
  s.embargoed = await publishedStory(
    t,
    when(),
    story('Embargoed: Simferopol referendum count', 'The referendum count in Simferopol and Sevastopol, Crimea.'),
  );
  const embargo = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${s.embargoed.id}`,
    headers: ifMatch(s.embargoed.etag),
    payload: { embargoedUntil: '2999-01-01T00:00:00Z' },
  });
  expect(embargo.statusCode).toBe(200);
  s.embargoed.etag = embargo.headers.etag as string;
});
afterAll(async () => {
  await t?.close();
});

const suggest = async (id: string, query = '', headers: Record<string, string> = {}) => {
  const response = await t.inject({ method: 'GET', url: `/v1/articles/${id}/related/suggestions${query}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as Array<{ id: string; score: number; matchedTerms: string[]; headline: string }>;
};

describe('GET /v1/articles/{id}/related/suggestions', () => {
  it('ranks published stories sharing the most distinctive words first, each with a score and the words it shares', async () => {
    const data = await suggest(s.source?.id as string);
    expect(data.slice(0, 2).map((d) => d.id)).toEqual([s.fleet?.id, s.tourism?.id]);
    expect(data[0]?.matchedTerms).toEqual(expect.arrayContaining(['sevastopol', 'simferopol', 'referendum', 'crimea']));
    for (const suggestion of data) {
      expect(suggestion.score).toBeGreaterThan(0);
      expect(suggestion.score).toBeLessThanOrEqual(1);
    }
    expect(data.map((d) => d.score)).toEqual([...data.map((d) => d.score)].sort((a, b) => b - a));
    expect(data.map((d) => d.id)).not.toContain(s.source?.id);
  });

  it('leaves out drafts, trashed stories and, for the public, embargoed ones', async () => {
    const publicIds = (await suggest(s.source?.id as string, '?limit=20')).map((d) => d.id);
    for (const hidden of [s.draft, s.trashed, s.embargoed]) expect(publicIds).not.toContain(hidden?.id);
    const newsroomIds = (await suggest(s.source?.id as string, '?limit=20', admin)).map((d) => d.id);
    expect(newsroomIds).toContain(s.embargoed?.id);
    expect(newsroomIds).not.toContain(s.draft?.id);
    expect(newsroomIds).not.toContain(s.trashed?.id);
  });

  it('leaves out stories already linked, and an editor can accept a suggestion with the related endpoint', async () => {
    const [first] = await suggest(s.source?.id as string);
    expect(first?.id).toBe(s.fleet?.id);
    const source = { id: s.source?.id as string, etag: s.source?.etag as string };
    await addRelated(t, source, { id: first?.id as string });
    s.source = { ...(s.source as CreatedArticle), etag: source.etag };
    const after = (await suggest(s.source.id, '?limit=20')).map((d) => d.id);
    expect(after).not.toContain(first?.id);
    expect(after[0]).toBe(s.tourism?.id);
  });

  it('honours limit, and answers 400 for a bad one and 404 for a story the caller cannot see', async () => {
    expect(await suggest(s.fleet?.id as string, '?limit=1')).toHaveLength(1);
    for (const limit of ['0', '21', 'x']) {
      const response = await t.inject({
        method: 'GET',
        url: `/v1/articles/${s.fleet?.id}/related/suggestions?limit=${limit}`,
      });
      expect(expectProblem(response, 400).errors[0].path).toBe('querystring.limit');
    }
    expectProblem(await t.inject({ method: 'GET', url: `/v1/articles/${s.draft?.id}/related/suggestions` }), 404);
    expectProblem(
      await t.inject({
        method: 'GET',
        url: '/v1/articles/01a2372f-39ff-7708-a654-f3bbeae16805/related/suggestions',
        headers: admin,
      }),
      404,
    );
    expect((await suggest(s.draft?.id as string, '', admin))[0]?.id).toBeDefined();
  });

  it('suggests nothing for a story whose words no other story has', async () => {
    const lonely = await publishedStory(
      t,
      '2025-04-01T00:00:00.000Z',
      story('Xylophone zither quokka', 'Quokka xylophone zither.'),
    );
    expect(await suggest(lonely.id)).toEqual([]);
  });
});

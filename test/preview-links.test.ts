import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle, expectProblem, ifMatch, patchStory } from './helpers/factories.js';
import { testClock } from './helpers/instances.js';
import { createKey } from './helpers/keys.js';

/**
 * Preview links (issue 22 item 4): a keyless read of a story as editors see it, for the site's
 * renderer; never cached, never published, and dead on revoke, expiry, trash and purge.
 */
const T0 = '2014-03-14T12:00:00.000Z';
const clock = testClock(T0);
let t: TestApp;
let editor: { authorization: string };
let reader: { authorization: string };

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  editor = (await createKey(t, 'editor')).headers;
  reader = (await createKey(t, 'reader')).headers;
});
afterAll(async () => {
  await t?.close();
});

interface Link {
  id: string;
  articleId: string;
  url: string;
  token: string;
  expiresAt: string;
  version: number | null;
}

async function makeLink(story: { id: string }, payload: Record<string, unknown> = {}): Promise<Link> {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/preview-links`,
    headers: editor,
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  expect(response.headers['cache-control']).toBe('no-store');
  return response.json();
}

const preview = (token: string, suffix = '', headers: Record<string, string> = {}) =>
  t.inject({ method: 'GET', url: `/v1/preview/${token}${suffix}`, headers });

/** What every preview answer must carry, a 404 too: no cache may keep it, no search engine index it. */
function expectUncacheable(response: Awaited<ReturnType<typeof preview>>) {
  expect(response.headers['cache-control']).toBe('private, no-store');
  expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
  expect(response.headers['surrogate-key']).toBeUndefined();
  expect(response.headers['cache-tag']).toBeUndefined();
  expect(response.headers.etag).toBeUndefined();
  expect(response.headers['last-modified']).toBeUndefined();
}

/** The one 404 of a token that opens nothing, the same whatever the reason. */
function expectDead(response: Awaited<ReturnType<typeof preview>>) {
  const problem = expectProblem(response, 404, 'NOT_FOUND');
  expect(problem.detail).toBe('No preview at this link: it may have expired or been revoked.');
  expectUncacheable(response);
}

const storyState = async (id: string) =>
  t.app.database.prisma.article.findUniqueOrThrow({ where: { id }, select: { version: true, updatedAt: true } });
const publishedTrail = async () => ({
  outbox: await t.app.database.prisma.outboxEvent.count(),
  deliveries: await t.app.database.prisma.webhookDelivery.count(),
});

describe('a preview link', () => {
  let story: CreatedArticle;
  beforeAll(async () => {
    clock.set(T0);
    story = await createArticle(t, { headline: 'Harbour tunnel plan leaks before vote' });
  });

  it('opens the draft without a key, in every format, and is never cacheable', async () => {
    const link = await makeLink(story);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`http://localhost/v1/preview/${link.token}`);
    expect(link.expiresAt).toBe('2014-03-14T13:00:00.000Z');
    expect(link.version).toBeNull();

    const json = await preview(link.token);
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json()).toMatchObject({
      id: story.id,
      status: 'draft',
      headline: 'Harbour tunnel plan leaks before vote',
    });
    expectUncacheable(json);

    for (const [format, mediaType] of [
      ['ninjs', 'application/ninjs+json'],
      ['jsonld', 'application/ld+json'],
    ] as const) {
      for (const response of [
        await preview(link.token, `?format=${format}`),
        await preview(link.token, '', { accept: mediaType }),
        await preview(link.token, `/${format}`),
      ]) {
        expect(response.statusCode, `${format} ${response.body}`).toBe(200);
        expect(response.headers['content-type']).toMatch(new RegExp(`^${mediaType.replace('+', '\\+')}`));
        expect(response.body).toContain('Harbour tunnel plan leaks before vote');
        expectUncacheable(response);
      }
    }
    expect(JSON.parse((await preview(link.token, '/ninjs')).body).pubStatus).toBe('withheld');
    expect((await preview(link.token, '?format=xml')).statusCode).toBe(406);

    // The public still cannot read the draft: the link is the only way in.
    expect((await t.inject({ method: 'GET', url: `/v1/articles/${story.id}` })).statusCode).toBe(404);
    // A key sent along changes nothing: the token is the credential.
    expect((await preview(link.token, '', { authorization: 'Bearer nonsense' })).statusCode).toBe(200);
  });

  it('keeps only the token’s hash in the database, and never bumps the story’s version', async () => {
    const before = await storyState(story.id);
    const trail = await publishedTrail();
    const link = await makeLink(story);
    const rows = await t.app.database.prisma.previewLink.findMany({ where: { id: link.id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(link.token);
    await preview(link.token);
    const listed = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/preview-links`, headers: editor });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(link.token);
    expect(listed.json().data.map((l: Link) => l.id)).toContain(link.id);
    const revoke = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${story.id}/preview-links/${link.id}`,
      headers: editor,
    });
    expect(revoke.statusCode).toBe(204);
    expect(await storyState(story.id)).toEqual(before);
    expect(await publishedTrail()).toEqual(trail);
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(read.headers.etag).toBe(story.etag);
  });

  it('shows later edits when not pinned, and the pinned version when asked', async () => {
    const live = await makeLink(story);
    const pinned = await makeLink(story, { version: story.version });
    expect(pinned.version).toBe(story.version);
    const headlineBefore = 'Harbour tunnel plan leaks before vote';
    await patchStory(t, story, { headline: 'Harbour tunnel plan approved after leak', summary: 'Now with a vote.' });

    expect((await preview(live.token)).json()).toMatchObject({
      headline: 'Harbour tunnel plan approved after leak',
      version: story.version,
    });
    const old = await preview(pinned.token);
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json()).toMatchObject({ headline: headlineBefore, version: pinned.version });
    expect((await preview(pinned.token, '/jsonld')).json().headline).toBe(headlineBefore);
    expect((await preview(pinned.token, '/ninjs')).json().headlines[0].value).toBe(headlineBefore);
  });

  it('dies on revoke, with the same 404 as an unknown or malformed token', async () => {
    const link = await makeLink(story);
    expect((await preview(link.token)).statusCode).toBe(200);
    const revoke = () =>
      t.inject({ method: 'DELETE', url: `/v1/articles/${story.id}/preview-links/${link.id}`, headers: editor });
    expect((await revoke()).statusCode).toBe(204);
    expect((await revoke()).statusCode).toBe(204);
    expectDead(await preview(link.token));
    expectDead(await preview(link.token, '/ninjs'));
    expectDead(await preview('A'.repeat(43)));
    expectDead(await preview('not-a-token'));
    expectDead(await preview('x'.repeat(900)));
    expectDead(await preview(encodeURIComponent('../../articles')));
    // Past 1000 characters a path segment is refused before routing, as on every path: never a 500.
    expectProblem(await preview('x'.repeat(1200)), 414, 'URI_TOO_LONG');
    const listed = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/preview-links`, headers: editor });
    expect(listed.json().data.map((l: Link) => l.id)).not.toContain(link.id);
    const other = await createArticle(t, { headline: 'Another story' });
    const elsewhere = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${other.id}/preview-links/${link.id}`,
      headers: editor,
    });
    expectProblem(elsewhere, 404, 'NOT_FOUND');
  });

  it('dies on expiry: 1 hour by default, or the seconds or ISO 8601 duration asked for', async () => {
    clock.set(T0);
    const byDefault = await makeLink(story);
    const twoHours = await makeLink(story, { expiresIn: 'PT2H' });
    const inSeconds = await makeLink(story, { expiresIn: 90 });
    const week = await makeLink(story, { expiresIn: 'P1W' });
    expect(twoHours.expiresAt).toBe('2014-03-14T14:00:00.000Z');
    expect(inSeconds.expiresAt).toBe('2014-03-14T12:01:30.000Z');
    expect(week.expiresAt).toBe('2014-03-21T12:00:00.000Z');

    clock.set('2014-03-14T12:59:59.999Z');
    expect((await preview(byDefault.token)).statusCode).toBe(200);
    expectDead(await preview(inSeconds.token));
    clock.set('2014-03-14T13:00:00.000Z');
    expectDead(await preview(byDefault.token));
    expect((await preview(twoHours.token)).statusCode).toBe(200);
    clock.set('2014-03-14T14:00:00.000Z');
    expectDead(await preview(twoHours.token));
    expect((await preview(week.token)).statusCode).toBe(200);
    clock.set(T0);
  });

  it('dies when the story goes to the trash, and when it is purged', async () => {
    clock.set(T0);
    const doomed = await createArticle(t, { headline: 'Story that goes to the trash' });
    const link = await makeLink(doomed);
    expect((await preview(link.token)).statusCode).toBe(200);
    const trashed = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${doomed.id}`,
      headers: ifMatch(doomed.etag),
    });
    expect(trashed.statusCode).toBe(204);
    expectDead(await preview(link.token));
    expectProblem(
      await t.inject({ method: 'POST', url: `/v1/articles/${doomed.id}/preview-links`, headers: editor, payload: {} }),
      404,
      'NOT_FOUND',
    );

    const inTrash = await t.inject({ method: 'GET', url: `/v1/trash/${doomed.id}`, headers: admin });
    const purged = await t.inject({
      method: 'DELETE',
      url: `/v1/trash/${doomed.id}`,
      headers: ifMatch(inTrash.headers.etag as string),
    });
    expect(purged.statusCode, purged.body).toBe(204);
    expectDead(await preview(link.token));
    expect(await t.app.database.prisma.previewLink.count({ where: { articleId: doomed.id } })).toBe(0);
  });

  it('dies on kill, in every format, and no new link opens a killed story', async () => {
    clock.set(T0);
    const doomed = await createArticle(t, { headline: 'Story that is killed' });
    const link = await makeLink(doomed);
    expect((await preview(link.token)).statusCode).toBe(200);
    const killed = await t.inject({
      method: 'POST',
      url: `/v1/articles/${doomed.id}/kill`,
      headers: { ...editor, 'if-match': doomed.etag },
      payload: { reason: 'Legal', notice: 'This story has been removed for legal reasons.' },
    });
    expect(killed.statusCode, killed.body).toBe(200);
    for (const suffix of ['', '/ninjs', '/jsonld', '?format=ninjs']) expectDead(await preview(link.token, suffix));
    expectProblem(
      await t.inject({ method: 'POST', url: `/v1/articles/${doomed.id}/preview-links`, headers: editor, payload: {} }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('making a preview link', () => {
  let story: CreatedArticle;
  beforeAll(async () => {
    clock.set(T0);
    story = await createArticle(t, { headline: 'Bad input story' });
  });

  it('needs an editor key: a reader gets 403, no key 401', async () => {
    const url = `/v1/articles/${story.id}/preview-links`;
    expectProblem(await t.inject({ method: 'POST', url, headers: reader, payload: {} }), 403, 'FORBIDDEN');
    expectProblem(await t.inject({ method: 'POST', url, payload: {} }), 401, 'UNAUTHORIZED');
    expectProblem(await t.inject({ method: 'GET', url, headers: reader }), 403, 'FORBIDDEN');
    expect(await t.app.database.prisma.previewLink.count({ where: { articleId: story.id } })).toBe(0);
  });

  it('refuses a bad body naming the field, and stores nothing', async () => {
    const post = (payload: unknown) =>
      t.inject({
        method: 'POST',
        url: `/v1/articles/${story.id}/preview-links`,
        headers: editor,
        payload: payload as object,
      });
    const refusals: Array<[unknown, number, string, string]> = [
      [{ expiresIn: 604_801 }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ expiresIn: 'P8D' }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ expiresIn: -5 }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ expiresIn: 0 }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ expiresIn: 1.5 }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ expiresIn: 'P1M' }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ expiresIn: 'PT' }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ expiresIn: 'soon' }, 400, 'VALIDATION_FAILED', 'expiresIn'],
      [{ version: 0 }, 400, 'VALIDATION_FAILED', 'version'],
      [{ version: 'latest' }, 400, 'VALIDATION_FAILED', 'version'],
      [{ token: 'mine' }, 400, 'VALIDATION_FAILED', 'token'],
      [{ version: 99 }, 422, 'UNKNOWN_VERSION', 'version'],
    ];
    for (const [payload, status, code, field] of refusals) {
      const response = await post(payload);
      const problem = expectProblem(response, status, code);
      expect(JSON.stringify(problem.errors), JSON.stringify(payload)).toContain(field);
    }
    const unknown = expectProblem(await post({ version: 99 }), 422, 'UNKNOWN_VERSION');
    expect(unknown.currentVersion).toBe(story.version);
    expect(await t.app.database.prisma.previewLink.count({ where: { articleId: story.id } })).toBe(0);
    expect((await storyState(story.id)).version).toBe(story.version);
  });

  it('takes no body at all, and answers 404 for a story that does not exist', async () => {
    const bare = await t.inject({ method: 'POST', url: `/v1/articles/${story.id}/preview-links`, headers: editor });
    expect(bare.statusCode, bare.body).toBe(201);
    expectProblem(
      await t.inject({
        method: 'POST',
        url: '/v1/articles/019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10/preview-links',
        headers: editor,
        payload: {},
      }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('PREVIEW_URL_TEMPLATE, on a server where every other read needs a key', () => {
  let site: TestApp;
  beforeAll(async () => {
    site = await createTestApp({
      PREVIEW_URL_TEMPLATE: 'https://news.example.com/preview?token={token}&story={id}',
      PUBLIC_READ: 'false',
    });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('points the link at the site’s own renderer, which reads the story with the token', async () => {
    const story = await createArticle(site, { headline: 'Renderer story' });
    const response = await site.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/preview-links`,
      headers: admin,
      payload: { expiresIn: 600 },
    });
    expect(response.statusCode, response.body).toBe(201);
    const { url, token } = response.json();
    expect(url).toBe(`https://news.example.com/preview?token=${token}&story=${story.id}`);
    expect((await site.inject({ method: 'GET', url: `/v1/preview/${token}` })).statusCode).toBe(200);
    expect((await site.inject({ method: 'GET', url: `/v1/articles/${story.id}` })).statusCode).toBe(401);
  });

  it('must be an http(s) URL with {token}: anything else stops the start', () => {
    for (const template of ['https://news.example.com/preview', 'ftp://news.example.com/{token}']) {
      expect(() => loadConfig({ PREVIEW_URL_TEMPLATE: template })).toThrow(/PREVIEW_URL_TEMPLATE/);
    }
  });
});

describe('the preview read, a public route', () => {
  it('is rate-limited per client address like every public read, with a problem, never a 500', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MAX: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await limited.inject({ method: 'GET', url: `/v1/preview/${'A'.repeat(43)}` })).statusCode);
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      const refused = await limited.inject({ method: 'GET', url: `/v1/preview/${'A'.repeat(43)}` });
      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(refused.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});

describe('an Idempotency-Key on making a link', () => {
  it('replays the same link and token to a retry, makes one link, and keeps the token unreadable in the database', async () => {
    clock.set(T0);
    const story = await createArticle(t, { headline: 'Idempotent preview story' });
    const send = () =>
      t.inject({
        method: 'POST',
        url: `/v1/articles/${story.id}/preview-links`,
        headers: { ...editor, 'idempotency-key': 'preview-retry-1' },
        payload: { expiresIn: 'PT10M' },
      });
    const first = await send();
    const again = await send();
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(await t.app.database.prisma.previewLink.count({ where: { articleId: story.id } })).toBe(1);
    const { token } = first.json();
    const stored = await t.app.database.prisma.idempotencyKey.findMany();
    for (const row of stored) expect(JSON.stringify(row)).not.toContain(token);
    expect((await preview(token)).statusCode).toBe(200);
  });
});

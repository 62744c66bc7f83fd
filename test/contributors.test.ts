import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { expectProblem } from './helpers/factories.js';
import { type CreatedKey, createKey } from './helpers/keys.js';

let t: TestApp;
let editor: CreatedKey;
let reader: CreatedKey;
beforeAll(async () => {
  t = await createTestApp();
  editor = await createKey(t, 'editor');
  reader = await createKey(t, 'reader');
});
afterAll(async () => {
  await t?.close();
});

const create = async (payload: Record<string, unknown>, headers: Record<string, string> = admin) => {
  const response = await t.inject({ method: 'POST', url: '/v1/contributors', headers, payload });
  expect(response.statusCode, response.body).toBe(201);
  return { ...response.json(), etag: response.headers.etag as string };
};
const patch = (id: string, etag: string, payload: Record<string, unknown>, headers = admin) =>
  t.inject({ method: 'PATCH', url: `/v1/contributors/${id}`, headers: { ...headers, 'if-match': etag }, payload });
const tableRows = () => t.app.database.prisma.contributor.findMany({ orderBy: { id: 'asc' } });

describe('POST /v1/contributors', () => {
  it('creates a contributor with every field, sanitising the bio and normalising URLs', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/contributors',
      headers: editor.headers,
      payload: {
        name: ' Ann Lee ',
        shortBio: 'Moscow correspondent',
        bio: '<p onclick="x()">Ann <script>alert(1)</script>writes.</p>',
        imageUrl: 'HTTPS://Images.Example.com/ann.jpg',
        sameAs: ['https://www.wikidata.org/wiki/Q1', 'https://www.wikidata.org/wiki/Q1', 'https://social.example/@ann'],
        email: 'ann@example.com',
        notes: 'Prefers phone calls',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers.etag).toBe('"v1"');
    const body = response.json();
    expect(response.headers.location).toBe(`/v1/contributors/${body.id}`);
    expect(body).toMatchObject({
      slug: 'ann-lee',
      name: 'Ann Lee',
      shortBio: 'Moscow correspondent',
      bio: '<p>Ann writes.</p>',
      imageUrl: 'https://images.example.com/ann.jpg',
      sameAs: ['https://www.wikidata.org/wiki/Q1', 'https://social.example/@ann'],
      email: 'ann@example.com',
      notes: 'Prefers phone calls',
      active: true,
      version: 1,
    });
  });

  it('gives the next free slug when the name’s is taken, and 409 SLUG_TAKEN for an explicit one', async () => {
    const first = await create({ name: 'Bo Chen' });
    const second = await create({ name: 'Bo Chen' });
    expect([first.slug, second.slug]).toEqual(['bo-chen', 'bo-chen-2']);
    const before = await tableRows();
    const taken = await t.inject({
      method: 'POST',
      url: '/v1/contributors',
      headers: admin,
      payload: { name: 'Another Bo', slug: 'bo-chen' },
    });
    expect(expectProblem(taken, 409, 'SLUG_TAKEN').slug).toBe('bo-chen');
    expect(await tableRows()).toEqual(before);
  });

  it('refuses bad input with a 400 naming each field, and stores nothing', async () => {
    const before = await tableRows();
    const response = await t.inject({
      method: 'POST',
      url: '/v1/contributors',
      headers: admin,
      payload: {
        name: '',
        imageUrl: 'ftp://example.com/a.jpg',
        sameAs: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`),
        email: 'not an address',
        slug: 'Not A Slug',
        bio: 'x'.repeat(20_001),
        unknown: 1,
      },
    });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    const paths = problem.errors.map((e: { path: string }) => e.path);
    for (const field of ['name', 'imageUrl', 'sameAs', 'email', 'slug', 'bio'])
      expect(
        paths.some((p: string) => p === field || p.startsWith(`${field}.`)),
        field,
      ).toBe(true);
    const relative = await t.inject({
      method: 'POST',
      url: '/v1/contributors',
      headers: admin,
      payload: { name: 'X', sameAs: ['/relative/path'] },
    });
    expect(expectProblem(relative, 400).errors[0].path).toBe('sameAs.0');
    expect(await tableRows()).toEqual(before);
  });

  it('is for editors and admins only', async () => {
    const asReader = await t.inject({
      method: 'POST',
      url: '/v1/contributors',
      headers: reader.headers,
      payload: { name: 'Nope' },
    });
    expectProblem(asReader, 403, 'FORBIDDEN');
    const anonymous = await t.inject({ method: 'POST', url: '/v1/contributors', payload: { name: 'Nope' } });
    expectProblem(anonymous, 401, 'UNAUTHORIZED');
  });
});

describe('reading contributors', () => {
  it('shows the public the public fields of active contributors only, never email or notes', async () => {
    const active = await create({ name: 'Cara Diaz', email: 'cara@example.com', notes: 'secret note' });
    const inactive = await create({ name: 'Dan Inactive', active: false, email: 'dan@example.com' });
    for (const headers of [{}, reader.headers]) {
      const one = await t.inject({ method: 'GET', url: `/v1/contributors/${active.id}`, headers });
      expect(one.statusCode).toBe(200);
      expect(one.json().name).toBe('Cara Diaz');
      expect(one.body).not.toContain('cara@example.com');
      expect(one.body).not.toContain('secret note');
      expect(one.json()).not.toHaveProperty('email');
      expect(one.headers['cache-control']).toMatch(/^public/);
      expect(one.headers['surrogate-key']).toBe(`contributor:${active.id}`);
      expect(one.headers.etag).toBe('"v1"');
      const bySlug = await t.inject({ method: 'GET', url: `/v1/contributors/slug/${active.slug}`, headers });
      expect(bySlug.json().id).toBe(active.id);
      expect(bySlug.body).not.toContain('cara@example.com');
      expectProblem(await t.inject({ method: 'GET', url: `/v1/contributors/${inactive.id}`, headers }), 404);
      expectProblem(await t.inject({ method: 'GET', url: `/v1/contributors/slug/${inactive.slug}`, headers }), 404);
      const list = await t.inject({ method: 'GET', url: '/v1/contributors?limit=100', headers });
      expect(list.statusCode).toBe(200);
      expect(list.json().data.map((c: { id: string }) => c.id)).toContain(active.id);
      expect(list.json().data.map((c: { id: string }) => c.id)).not.toContain(inactive.id);
      expect(list.body).not.toMatch(/"email"|"notes"/);
      expectProblem(
        await t.inject({ method: 'GET', url: '/v1/contributors?active=false', headers }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const newsroom = await t.inject({ method: 'GET', url: `/v1/contributors/${inactive.id}`, headers: editor.headers });
    expect(newsroom.json()).toMatchObject({ email: 'dan@example.com', active: false });
    expect(newsroom.headers['cache-control']).toBe('private, no-store');
    const onlyInactive = await t.inject({ method: 'GET', url: '/v1/contributors?active=false', headers: admin });
    expect(onlyInactive.json().data.map((c: { id: string }) => c.id)).toEqual([inactive.id]);
  });

  it('answers 304 to a current If-None-Match', async () => {
    const c = await create({ name: 'Eve Conditional' });
    const response = await t.inject({
      method: 'GET',
      url: `/v1/contributors/${c.id}`,
      headers: { 'if-none-match': '"v1"' },
    });
    expect(response.statusCode).toBe(304);
  });

  it('lists in name order by keyset pages, and q matches the start of any word ignoring case and accents', async () => {
    const local = await createTestApp();
    try {
      const names = ['Zoë Ångström', 'Ángel Ruiz', 'anna Berg', 'Bob Angler', 'Carl Sand', 'Dora Ng'];
      for (const name of names) {
        const r = await local.inject({ method: 'POST', url: '/v1/contributors', headers: admin, payload: { name } });
        expect(r.statusCode, r.body).toBe(201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url = `/v1/contributors?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await local.inject({ method: 'GET', url });
        expect(page.statusCode, page.body).toBe(200);
        seen.push(...page.json().data.map((c: { name: string }) => c.name));
        cursor = page.json().nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Ángel Ruiz', 'anna Berg', 'Bob Angler', 'Carl Sand', 'Dora Ng', 'Zoë Ångström']);

      const q = async (value: string) =>
        (await local.inject({ method: 'GET', url: `/v1/contributors?q=${encodeURIComponent(value)}` }))
          .json()
          .data.map((c: { name: string }) => c.name);
      expect(await q('ang')).toEqual(['Ángel Ruiz', 'Bob Angler', 'Zoë Ångström']);
      expect(await q('ANN')).toEqual(['anna Berg']);
      expect(await q('ng')).toEqual(['Dora Ng']);
      expect(await q('ng%')).toEqual(['Dora Ng']);
      const nothing = await local.inject({ method: 'GET', url: '/v1/contributors?q=%25_' });
      expect(expectProblem(nothing, 400).errors[0].path).toBe('querystring.q');

      const first = (await local.inject({ method: 'GET', url: '/v1/contributors?limit=1&q=ang' })).json();
      const mismatch = await local.inject({
        method: 'GET',
        url: `/v1/contributors?limit=1&cursor=${first.nextCursor}`,
      });
      expect(expectProblem(mismatch, 400, 'VALIDATION_FAILED').errors[0].path).toBe('querystring.cursor');
      const forged = await local.inject({ method: 'GET', url: '/v1/contributors?cursor=bm90LWEtY3Vyc29y' });
      expect(expectProblem(forged, 400).errors[0].path).toBe('querystring.cursor');
    } finally {
      await local.close();
    }
  });
});

describe('PATCH /v1/contributors/{id}', () => {
  it('needs If-Match, refuses a stale one with 412, and writes a new version', async () => {
    const c = await create({ name: 'Fay Patch' });
    const missing = await t.inject({
      method: 'PATCH',
      url: `/v1/contributors/${c.id}`,
      headers: admin,
      payload: { shortBio: 'x' },
    });
    expectProblem(missing, 428, 'IF_MATCH_REQUIRED');
    const changed = await patch(c.id, '"v1"', { shortBio: 'Europe editor', imageUrl: 'https://img.example/fay.png' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"v2"');
    expect(changed.json()).toMatchObject({ shortBio: 'Europe editor', version: 2 });
    const stale = await patch(c.id, '"v1"', { shortBio: 'stale' });
    const problem = expectProblem(stale, 412, 'STALE_ETAG');
    expect(problem).toMatchObject({ currentVersion: 2, currentEtag: '"v2"' });
    expect(stale.headers.etag).toBe('"v2"');
    const noop = await patch(c.id, '"v2"', { shortBio: 'Europe editor' });
    expect(noop.headers.etag).toBe('"v2"');
    const cleared = await patch(c.id, '"v2"', { imageUrl: null });
    expect(cleared.json()).toMatchObject({ imageUrl: null, version: 3 });
    const bad = await patch(c.id, '"v3"', { imageUrl: 'javascript:alert(1)', sameAs: 'x' });
    const paths = expectProblem(bad, 400).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['imageUrl', 'sameAs']));
    const asReader = await patch(c.id, '"v3"', { shortBio: 'x' }, reader.headers);
    expectProblem(asReader, 403);
  });

  it('retires the old slug: it redirects with 301 and stays reserved, and the contributor can take it back', async () => {
    const c = await create({ name: 'Gil Moved' });
    const moved = await patch(c.id, '"v1"', { slug: 'gil-moved-new' });
    expect(moved.json().slug).toBe('gil-moved-new');
    const old = await t.inject({ method: 'GET', url: '/v1/contributors/slug/gil-moved' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/v1/contributors/slug/gil-moved-new');
    const other = await t.inject({
      method: 'POST',
      url: '/v1/contributors',
      headers: admin,
      payload: { name: 'Gil Other', slug: 'gil-moved' },
    });
    expectProblem(other, 409, 'SLUG_TAKEN');
    const generated = await create({ name: 'Gil Moved' });
    expect(generated.slug).toBe('gil-moved-2');
    const back = await patch(c.id, '"v2"', { slug: 'gil-moved' });
    expect(back.json().slug).toBe('gil-moved');
    expect((await t.inject({ method: 'GET', url: '/v1/contributors/slug/gil-moved' })).statusCode).toBe(200);
    const newer = await t.inject({ method: 'GET', url: '/v1/contributors/slug/gil-moved-new' });
    expect(newer.headers.location).toBe('/v1/contributors/slug/gil-moved');
    const clash = await patch(c.id, '"v3"', { slug: generated.slug });
    expectProblem(clash, 409, 'SLUG_TAKEN');
  });

  it('hides a contributor from the public once made inactive', async () => {
    const c = await create({ name: 'Hal Leaving' });
    expect((await t.inject({ method: 'GET', url: `/v1/contributors/${c.id}` })).statusCode).toBe(200);
    await patch(c.id, '"v1"', { active: false });
    expect((await t.inject({ method: 'GET', url: `/v1/contributors/${c.id}` })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: `/v1/contributors/slug/${c.slug}` })).statusCode).toBe(404);
  });
});

describe('DELETE /v1/contributors/{id}', () => {
  it('deletes with If-Match; a stale one or a missing contributor changes nothing', async () => {
    const c = await create({ name: 'Ivy Gone' });
    await patch(c.id, '"v1"', { slug: 'ivy-gone-now' });
    const stale = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${c.id}`,
      headers: { ...admin, 'if-match': '"v1"' },
    });
    expectProblem(stale, 412, 'STALE_ETAG');
    const asEditorForced = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${c.id}?force=true`,
      headers: { ...editor.headers, 'if-match': '"v2"' },
    });
    expectProblem(asEditorForced, 403, 'FORBIDDEN');
    const deleted = await t.inject({
      method: 'DELETE',
      url: `/v1/contributors/${c.id}`,
      headers: { ...editor.headers, 'if-match': '"v2"' },
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await t.inject({ method: 'GET', url: `/v1/contributors/${c.id}`, headers: admin }), 404);
    expectProblem(await t.inject({ method: 'GET', url: '/v1/contributors/slug/ivy-gone', headers: admin }), 404);
    // Its slugs are free again.
    expect((await create({ name: 'Ivy Gone' })).slug).toBe('ivy-gone');
  });
});

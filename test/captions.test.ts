import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, captionInput, readArticle } from './helpers/content.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const captionsUrl = (articleId: string) => `/v1/articles/${articleId}/captions`;

/** An article with three captions "first", "second", "third". */
async function articleWithCaptions() {
  const article = await createArticle(t);
  const captions = [];
  for (const text of ['first', 'second', 'third']) captions.push(await addCaption(t, article, { text }));
  return { article, captions };
}

describe('POST /v1/articles/{id}/captions', () => {
  it('adds a caption at the end: 201, Location, and the article version +1', async () => {
    const article = await createArticle(t);
    const response = await t.inject({
      method: 'POST',
      url: captionsUrl(article.id),
      headers: ifMatch(article.etag),
      payload: captionInput({ takenAt: '2025-03-07T18:45:00+01:00' }),
    });
    expect(response.statusCode, response.body).toBe(201);
    const caption = response.json();
    expect(response.headers.location).toBe(`/v1/articles/${article.id}/captions/${caption.id}`);
    expect(response.headers.etag).toBe('"v2"');
    expect(caption).toEqual({
      ...captionInput(),
      id: expect.any(String),
      articleId: article.id,
      position: 0,
      takenAt: '2025-03-07T17:45:00.000Z',
      takenOn: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await readArticle(t, article.id);
    expect(read.version).toBe(2);
    expect(read.captions).toEqual([caption]);

    article.etag = '"v2"';
    const second = await addCaption(t, article, { text: 'Second photo', credit: null });
    expect(second.position).toBe(1);
    expect(article.etag).toBe('"v3"');
  });

  it('needs only text, of at most 2000 characters', async () => {
    const article = await createArticle(t);
    const minimal = await addCaption(t, article, {
      credit: undefined,
      imageUrl: undefined,
      altText: undefined,
      location: undefined,
      takenAt: undefined,
      text: 'x'.repeat(2000),
    });
    expect(minimal).toMatchObject({
      credit: null,
      imageUrl: null,
      altText: null,
      location: null,
      takenAt: null,
      takenOn: null,
    });
    for (const text of [undefined, '  ', 'x'.repeat(2001)]) {
      const response = await t.inject({
        method: 'POST',
        url: captionsUrl(article.id),
        headers: ifMatch(article.etag),
        payload: captionInput({ text }),
      });
      expect(expectProblem(response, 400).errors.map((e: { path: string }) => e.path)).toEqual(['text']);
    }
    expect((await readArticle(t, article.id)).etag).toBe(article.etag);
  });

  it('accepts http and https image URLs only', async () => {
    const article = await createArticle(t);
    expect((await addCaption(t, article, { imageUrl: 'http://images.example.com/a.jpg' })).position).toBe(0);
    for (const imageUrl of [
      'javascript:alert(1)',
      'ftp://images.example.com/a.jpg',
      'data:image/png;base64,AAAA',
      'not a url',
    ]) {
      const response = await t.inject({
        method: 'POST',
        url: captionsUrl(article.id),
        headers: ifMatch(article.etag),
        payload: captionInput({ imageUrl }),
      });
      expect(expectProblem(response, 400).errors.map((e: { path: string }) => e.path)).toEqual(['imageUrl']);
    }
    expect((await readArticle(t, article.id)).captions).toHaveLength(1);
  });

  it('needs If-Match (428), a current ETag (412) and a known article (404)', async () => {
    const article = await createArticle(t);
    const payload = captionInput();
    expectProblem(await t.inject({ method: 'POST', url: captionsUrl(article.id), headers: admin, payload }), 428);
    expectProblem(
      await t.inject({ method: 'POST', url: captionsUrl(article.id), headers: ifMatch('"v7"'), payload }),
      412,
    );
    expectProblem(
      await t.inject({ method: 'POST', url: captionsUrl(UNKNOWN_ID), headers: ifMatch('"v1"'), payload }),
      404,
    );
    expect(await readArticle(t, article.id)).toEqual(article);
  });
});

describe('GET /v1/articles/{id}/captions[/{captionId}]', () => {
  it('lists the captions in order with the article ETag, and reads one', async () => {
    const { article, captions } = await articleWithCaptions();
    const list = await t.inject({ method: 'GET', url: captionsUrl(article.id), headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.headers.etag).toBe(article.etag);
    expect(list.json().data.map((c: { text: string; position: number }) => [c.text, c.position])).toEqual([
      ['first', 0],
      ['second', 1],
      ['third', 2],
    ]);
    const one = await t.inject({ method: 'GET', url: `${captionsUrl(article.id)}/${captions[1]!.id}`, headers: admin });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(list.json().data[1]);
  });

  it('answers 404 for an unknown article, an unknown caption, or a caption of another article', async () => {
    const { captions } = await articleWithCaptions();
    const other = await createArticle(t);
    expectProblem(await t.inject({ method: 'GET', url: captionsUrl(UNKNOWN_ID), headers: admin }), 404);
    expectProblem(
      await t.inject({ method: 'GET', url: `${captionsUrl(other.id)}/${UNKNOWN_ID}`, headers: admin }),
      404,
    );
    expectProblem(
      await t.inject({ method: 'GET', url: `${captionsUrl(other.id)}/${captions[0]!.id}`, headers: admin }),
      404,
    );
  });
});

describe('PATCH /v1/articles/{id}/captions/{captionId}', () => {
  it('changes only the fields sent and bumps the article version', async () => {
    const { article, captions } = await articleWithCaptions();
    const url = `${captionsUrl(article.id)}/${captions[1]!.id}`;
    const response = await t.inject({
      method: 'PATCH',
      url,
      headers: ifMatch(article.etag),
      payload: { text: 'second, edited', credit: null },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"v5"');
    expect(response.json()).toMatchObject({
      ...captions[1],
      text: 'second, edited',
      credit: null,
      updatedAt: expect.any(String),
    });
    const read = await readArticle(t, article.id);
    expect(read.version).toBe(5);
    expect((read.captions as unknown[])[1]).toEqual(response.json());
  });

  it('rejects bad values with 400 and a caption of another article with 404, changing nothing', async () => {
    const { article, captions } = await articleWithCaptions();
    const other = await createArticle(t);
    const before = await readArticle(t, article.id);
    const url = `${captionsUrl(article.id)}/${captions[0]!.id}`;
    for (const payload of [{ text: '' }, { imageUrl: 'javascript:alert(1)' }, { takenAt: 'last Tuesday' }]) {
      const body = expectProblem(
        await t.inject({ method: 'PATCH', url, headers: ifMatch(article.etag), payload }),
        400,
      );
      expect(body.errors.map((e: { path: string }) => e.path)).toEqual(Object.keys(payload));
    }
    expectProblem(
      await t.inject({
        method: 'PATCH',
        url: `${captionsUrl(other.id)}/${captions[0]!.id}`,
        headers: ifMatch(other.etag),
        payload: { text: 'moved' },
      }),
      404,
    );
    expectProblem(await t.inject({ method: 'PATCH', url, headers: admin, payload: { text: 'x' } }), 428);
    expectProblem(await t.inject({ method: 'PATCH', url, headers: ifMatch('"v1"'), payload: { text: 'x' } }), 412);
    expect(await readArticle(t, article.id)).toEqual(before);
    expect(before.version).toBe(4);
    expect(await readArticle(t, other.id)).toEqual(other);
  });
});

describe('DELETE /v1/articles/{id}/captions/{captionId}', () => {
  it('removes the caption (204), closes the gap in positions and bumps the version', async () => {
    const { article, captions } = await articleWithCaptions();
    const response = await t.inject({
      method: 'DELETE',
      url: `${captionsUrl(article.id)}/${captions[0]!.id}`,
      headers: ifMatch(article.etag),
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers.etag).toBe('"v5"');
    const read = await readArticle(t, article.id);
    expect((read.captions as Array<{ text: string; position: number }>).map((c) => [c.text, c.position])).toEqual([
      ['second', 0],
      ['third', 1],
    ]);
    expectProblem(
      await t.inject({ method: 'GET', url: `${captionsUrl(article.id)}/${captions[0]!.id}`, headers: admin }),
      404,
    );
    expectProblem(
      await t.inject({
        method: 'DELETE',
        url: `${captionsUrl(article.id)}/${captions[0]!.id}`,
        headers: ifMatch(read.etag),
      }),
      404,
    );
    expect((await readArticle(t, article.id)).version).toBe(5);
  });
});

describe('PUT /v1/articles/{id}/captions/order', () => {
  it('puts the captions in the given order and bumps the version', async () => {
    const { article, captions } = await articleWithCaptions();
    const captionIds = [captions[2]!.id, captions[0]!.id, captions[1]!.id];
    const response = await t.inject({
      method: 'PUT',
      url: `${captionsUrl(article.id)}/order`,
      headers: ifMatch(article.etag),
      payload: { captionIds },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"v5"');
    expect(response.json().data.map((c: { text: string; position: number }) => [c.text, c.position])).toEqual([
      ['third', 0],
      ['first', 1],
      ['second', 2],
    ]);
    expect((await readArticle(t, article.id)).captions).toEqual(response.json().data);
  });

  it('answers 422 to anything but a permutation, changing nothing', async () => {
    const { article, captions } = await articleWithCaptions();
    const before = await readArticle(t, article.id);
    const [a, b, c] = captions.map((caption) => caption.id) as [string, string, string];
    for (const captionIds of [[a, b], [a, b, c, a], [a, b, b], [a, b, UNKNOWN_ID], []]) {
      const response = await t.inject({
        method: 'PUT',
        url: `${captionsUrl(article.id)}/order`,
        headers: ifMatch(article.etag),
        payload: { captionIds },
      });
      expectProblem(response, 422, 'NOT_A_PERMUTATION');
    }
    expect(await readArticle(t, article.id)).toEqual(before);
  });

  it('answers 400 to ids that are not UUIDs', async () => {
    const { article } = await articleWithCaptions();
    const response = await t.inject({
      method: 'PUT',
      url: `${captionsUrl(article.id)}/order`,
      headers: ifMatch(article.etag),
      payload: { captionIds: ['nope'] },
    });
    expect(expectProblem(response, 400).errors[0].path).toBe('captionIds.0');
  });
});

describe('captions given at creation', () => {
  it('are stored in the order given', async () => {
    const article = await createArticle(t, {
      captions: [captionInput({ text: 'one' }), captionInput({ text: 'two', credit: null })],
    });
    expect((article.captions as Array<{ text: string; position: number }>).map((c) => [c.text, c.position])).toEqual([
      ['one', 0],
      ['two', 1],
    ]);
    expect(article.version).toBe(1);
  });
});

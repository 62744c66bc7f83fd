import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';

/**
 * Several SDK generators send `Content-Type: application/json` with an empty body on POSTs and
 * DELETEs that take none: that is no body, not malformed JSON.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const emptyJson = (etag: string) => ({ ...ifMatch(etag), 'content-type': 'application/json' });

describe('an empty body sent as application/json', () => {
  it('publishes, unpublishes, archives and deletes as if no body were sent', async () => {
    const story = await createArticle(t, { headline: 'Empty body workflow story' });
    let etag = story.etag;
    for (const action of ['publish', 'unpublish', 'archive']) {
      const response = await t.inject({
        method: 'POST',
        url: `/v1/articles/${story.id}/${action}`,
        headers: emptyJson(etag),
        payload: '',
      });
      expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
      etag = response.headers.etag as string;
    }
    const read = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}`, headers: admin });
    expect(read.json().status).toBe('archived');
    const deleted = await t.inject({
      method: 'DELETE',
      url: `/v1/articles/${story.id}`,
      headers: emptyJson(etag),
      payload: '',
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
  });

  it('on a route that needs a body is a 400 saying the body is required', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '',
    });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ path: '', message: 'is required' }]);
  });

  it('whitespace or malformed JSON is still a 400 MALFORMED_JSON', async () => {
    for (const payload of [' ', '{', 'nul']) {
      const response = await t.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: { ...admin, 'content-type': 'application/json' },
        payload,
      });
      expectProblem(response, 400, 'MALFORMED_JSON');
    }
  });

  it('still refuses prototype poisoning', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"headline":"x","__proto__":{"a":1}}',
    });
    expect(response.statusCode).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnsafeText, MAX_ITEMS } from '../src/lib/unsafe-text.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { expectProblem, storyInput } from './helpers/factories.js';

/**
 * One request must not cost much: unknown routes are refused before their body is read, they count
 * against the rate limit, and no body is walked past the size any schema accepts.
 * (How long such requests take is measured in bench/hostile-bodies.ts, not here.)
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const json = { 'content-type': 'application/json' };
const bigArray = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => `item ${i}`));

describe('unknown routes', () => {
  it('answer 404 without parsing the body: malformed JSON, NUL text and a 2 MB array alike', async () => {
    for (const payload of ['{"cut off', '{"headline":"\\u0000"}', bigArray]) {
      const response = await t.inject({ method: 'POST', url: '/v1/no-such-thing', headers: json, payload });
      expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    }
    expectProblem(
      await t.inject({ method: 'PUT', url: '/v1/articles', headers: json, payload: '{"x' }),
      404,
      'ROUTE_NOT_FOUND',
    );
  });

  it('count against the rate limit (RATE_LIMIT_MAX=3)', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '1 minute' });
    try {
      const from = { remoteAddress: '10.9.9.9', headers: json, payload: bigArray };
      for (let n = 0; n < 3; n++) {
        const response = await limited.inject({ method: 'POST', url: `/v1/nothing-${n}`, ...from });
        expectProblem(response, 404, 'ROUTE_NOT_FOUND');
        expect(response.headers['x-ratelimit-remaining']).toBe(String(2 - n));
      }
      const refused = await limited.inject({ method: 'POST', url: '/v1/nothing-else', ...from });
      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The same budget as known routes: the address is now over the limit everywhere.
      expectProblem(
        await limited.inject({ method: 'GET', url: '/v1/articles', remoteAddress: '10.9.9.9' }),
        429,
        'RATE_LIMITED',
      );
    } finally {
      await limited.close();
    }
  });
});

describe('bodies larger than any schema accepts', () => {
  it(`an array of more than ${MAX_ITEMS} entries is refused naming it, before validation walks it`, async () => {
    const tags = Array.from({ length: 50_000 }, (_, i) => `tag ${i}`);
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: storyInput({ tags }),
    });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ path: 'tags', message: `has more than ${MAX_ITEMS} entries` }]);
  });

  it(`an object with more than ${MAX_ITEMS} keys is refused the same way`, async () => {
    const captions = [{ text: 'Caption', ...Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])) }];
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: storyInput({ captions }),
    });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ path: 'captions.0', message: `has more than ${MAX_ITEMS} entries` }]);
  });

  it('a bad string deep in a large body is named by its exact path', async () => {
    const captions = Array.from({ length: 100 }, (_, i) => ({ text: i === 73 ? 'bad \u0000 text' : `Caption ${i}` }));
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: storyInput({ captions }),
    });
    expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors[0].path).toBe('captions.73.text');
  });
});

describe('findUnsafeText', () => {
  it('names keys, array indexes and depth like before', () => {
    expect(findUnsafeText({ a: [{ b: 'ok' }, { 'c\u0000': 1 }] }, '')).toEqual({
      path: 'a.1.c\u0000',
      message: expect.stringMatching(/has a key/),
    });
    expect(findUnsafeText({ slug: '\uDC00' }, 'params')?.path).toBe('params.slug');
    expect(findUnsafeText('\uD800', 'query')?.path).toBe('query');
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(findUnsafeText(deep, '')?.message).toMatch(/nested more than 64/);
    expect(findUnsafeText({ fine: ['\uD83D\uDE00', 'é', 1, null, true] }, '')).toBeNull();
  });
});

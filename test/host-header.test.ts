import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createArticle } from './helpers/factories.js';
import { step } from './helpers/publishing.js';

/**
 * Feeds, the sitemap and story reads build links from the address the request came to when
 * PUBLIC_BASE_URL is unset: a Host that is not `host[:port]` is a 400 problem naming the header
 * (RFC 9112 §3.2), never a 500 and never echoed into a link.
 */
let t: TestApp;
let withBase: TestApp;
let story: { id: string; slug: string };

const BAD_HOSTS = ['x:99999', 'bad host', '[::1', '%', 'a@b', 'a@b:80', 'ex"ample.com', 'a/b', 'a?b', 'a#b', '[::1]x'];
const GOOD_HOSTS = [
  'example.com',
  'example.com:8080',
  'news.example.co.uk.',
  '127.0.0.1:3000',
  '[::1]:3000',
  'a_b.local',
];

beforeAll(async () => {
  t = await createTestApp();
  withBase = await createTestApp({ PUBLIC_BASE_URL: 'https://api.example.com' });
  for (const app of [t, withBase]) {
    const created = await createArticle(app, { headline: 'Host header story' });
    await step(app, created, 'publish');
    if (app === t) story = created;
  }
});
afterAll(async () => {
  await t?.close();
  await withBase?.close();
});

const reads = () => [
  '/v1/feeds/rss.xml',
  '/v1/feeds/atom.xml',
  '/v1/feeds/news-sitemap.xml',
  `/v1/articles/${story.id}`,
  `/v1/articles/${story.id}?format=ninjs`,
  `/v1/articles/${story.id}?format=jsonld`,
  `/v1/articles/slug/${story.slug}`,
  `/v1/articles/slug/${story.slug}?format=jsonld`,
  '/v1/articles',
];

describe('a malformed Host header', () => {
  it.each(BAD_HOSTS)('%s is a 400 problem naming the header on every public read', async (host) => {
    for (const url of reads()) {
      const response = await t.inject({ method: 'GET', url, headers: { host } });
      expect(response.statusCode, `${url} ${response.body.slice(0, 200)}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ path: 'headers.host', message: expect.any(String) }]);
    }
  });

  it('is a 400 from X-Forwarded-Host when the proxy is trusted', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: 'true' });
    try {
      for (const [header, value] of [
        ['x-forwarded-host', 'a@b'],
        ['x-forwarded-proto', 'javascript'],
      ] as const) {
        const response = await proxied.inject({
          method: 'GET',
          url: '/v1/feeds/rss.xml',
          headers: { [header]: value },
        });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().errors[0].path).toBe(`headers.${header}`);
      }
    } finally {
      await proxied.close();
    }
  });
});

describe('a well-formed Host header', () => {
  it.each(GOOD_HOSTS)('%s names the links of feeds and JSON-LD when PUBLIC_BASE_URL is unset', async (host) => {
    const origin = new URL(`http://${host}`).origin;
    const feed = await t.inject({ method: 'GET', url: '/v1/feeds/atom.xml', headers: { host } });
    expect(feed.statusCode, feed.body.slice(0, 200)).toBe(200);
    expect(feed.body).toContain(`${origin}/v1/feeds/atom.xml`);
    const jsonld = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}?format=jsonld`, headers: { host } });
    expect(jsonld.statusCode).toBe(200);
    expect(jsonld.body).toContain(`${origin}/v1/articles/slug/${story.slug}`);
  });

  it('is not read at all when PUBLIC_BASE_URL is set: links name the configured base', async () => {
    const feed = await withBase.inject({ method: 'GET', url: '/v1/feeds/rss.xml', headers: { host: 'evil.example' } });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('https://api.example.com/v1/feeds/rss.xml');
    expect(feed.body).not.toContain('evil.example');
  });
});

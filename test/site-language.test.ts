import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { type CreatedArticle, createArticle } from './helpers/factories.js';
import { step } from './helpers/publishing.js';
import { childNamed, childrenNamed, strictXml } from './helpers/strict-xml.js';

/**
 * SITE_LANGUAGE, the publication's language (BCP 47, default `en`): RSS `<language>`, Atom
 * `xml:lang`, the publication's `inLanguage` in JSON-LD. A story in another language says so itself.
 */
describe('SITE_LANGUAGE', () => {
  it('is en unless set, canonicalised like a story language, and refused when it is not a BCP 47 tag', () => {
    expect(loadConfig({}).SITE_LANGUAGE).toBe('en');
    expect(loadConfig({ SITE_LANGUAGE: 'en-gb' }).SITE_LANGUAGE).toBe('en-GB');
    for (const bad of ['english', 'e', 'en_GB', 'en-', '<en>']) {
      expect(() => loadConfig({ SITE_LANGUAGE: bad }), bad).toThrow(ConfigError);
      try {
        loadConfig({ SITE_LANGUAGE: bad });
      } catch (error) {
        expect((error as ConfigError).issues).toEqual([expect.stringMatching(/^SITE_LANGUAGE: .*BCP 47/)]);
      }
    }
  });
});

describe('the publication language in feeds and JSON-LD', () => {
  let t: TestApp;
  let british: CreatedArticle;
  let brazilian: CreatedArticle;
  beforeAll(async () => {
    t = await createTestApp({ SITE_LANGUAGE: 'en-GB', SITE_URL: 'https://news.example.com' });
    british = await step(t, await createArticle(t, { headline: 'Harbour strike ends', language: 'en-GB' }), 'publish');
    brazilian = await step(t, await createArticle(t, { headline: 'Greve no porto', language: 'pt-BR' }), 'publish');
  });
  afterAll(async () => {
    await t?.close();
  });
  const get = async (url: string) => {
    const response = await t.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };

  it('is the RSS channel’s <language>', async () => {
    const channel = childNamed(strictXml((await get('/v1/feeds/rss.xml')).body), 'channel');
    expect(childNamed(channel, 'language').text).toBe('en-GB');
  });

  it('is the Atom feed’s xml:lang, and an entry in another language carries its own', async () => {
    const feed = strictXml((await get('/v1/feeds/atom.xml')).body);
    expect(feed.attributes['xml:lang']).toBe('en-GB');
    const langOf = (story: CreatedArticle) =>
      childrenNamed(feed, 'entry').find((e) => childNamed(e, 'id').text.endsWith(story.id))?.attributes['xml:lang'];
    expect(langOf(brazilian)).toBe('pt-BR');
    expect(langOf(british)).toBeUndefined();
  });

  it('is the publication’s inLanguage in JSON-LD, while the story keeps its own', async () => {
    const document = (await get(`/v1/articles/${brazilian.id}?format=jsonld`)).json();
    expect(document.inLanguage).toBe('pt-BR');
    expect(document.isPartOf).toEqual({
      '@type': 'WebSite',
      name: 'Newsroom',
      url: 'https://news.example.com',
      inLanguage: 'en-GB',
    });
  });

  it('is en by default', async () => {
    const other = await createTestApp();
    try {
      const rss = await other.inject({ method: 'GET', url: '/v1/feeds/rss.xml' });
      expect(childNamed(childNamed(strictXml(rss.body), 'channel'), 'language').text).toBe('en');
      expect(
        strictXml((await other.inject({ method: 'GET', url: '/v1/feeds/atom.xml' })).body).attributes['xml:lang'],
      ).toBe('en');
    } finally {
      await other.close();
    }
  });
});

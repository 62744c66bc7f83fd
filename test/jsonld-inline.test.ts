import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addRelated } from './helpers/content.js';
import { type CreatedArticle, createArticle, ifMatch } from './helpers/factories.js';
import { step } from './helpers/publishing.js';

/**
 * Front ends inline JSON-LD in `<script type="application/ld+json">`: the document must hold no
 * `<`, `>` or `&` (a `</script>` in a headline would end the script there and run the next one), nor
 * U+2028/U+2029, yet stay JSON that parses back to the very text written.
 */
const SCRIPT = '</script><script>alert(2)</script>';
const SITE_NAME = 'Harbour <Courier> & Co';
const story = {
  headline: `Breaking ${SCRIPT} & more`,
  summary: `<!-- comment --> R&D \u2028line\u2029paragraph`,
  byline: 'Mara <b>Lindqvist</b>',
  section: 'World & <Europe>',
  tags: ['<tag>', 'a&b'],
};
const caption = { text: `A picture ${SCRIPT}`, credit: 'Harbour & Wire', location: '<Geneva>' };
const correction = `Corrected: ${SCRIPT}`;
const UNSAFE = /[<>&\u2028\u2029]/;
let t: TestApp;
let article: CreatedArticle;
let related: CreatedArticle;

beforeAll(async () => {
  t = await createTestApp({ SITE_NAME, SITE_URL: 'https://news.example.com' });
  related = await step(t, await createArticle(t, { headline: `Related ${SCRIPT}` }), 'publish');
  article = await createArticle(t, story);
  await addCaption(t, article, caption);
  await addRelated(t, article, related);
  await step(t, article, 'publish');
  const response = await t.inject({
    method: 'POST',
    url: `/v1/articles/${article.id}/corrections`,
    headers: ifMatch(article.etag),
    payload: { kind: 'correction', text: correction },
  });
  expect(response.statusCode, response.body).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

const readings = () => [
  { url: `/v1/articles/${article.id}?format=jsonld`, headers: {} },
  { url: `/v1/articles/${article.id}`, headers: { accept: 'application/ld+json' } },
  { url: `/v1/articles/slug/${article.slug}?format=jsonld`, headers: {} },
  { url: `/v1/articles/${article.id}/jsonld`, headers: {} },
  { url: `/v1/articles/slug/${article.slug}/jsonld`, headers: {} },
  { url: `/v1/articles/${article.id}?format=jsonld`, headers: admin },
];

describe('JSON-LD safe to inline in a script element', () => {
  it('holds no < > & U+2028 U+2029 and parses back to the text written, for the public and editors', async () => {
    for (const { url, headers } of readings()) {
      const response = await t.inject({ method: 'GET', url, headers });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect(response.body).not.toMatch(UNSAFE);
      expect(response.body).toContain('\\u003c/script\\u003e');
      const document = JSON.parse(response.body);
      expect(document).toMatchObject({
        headline: story.headline,
        description: story.summary,
        author: [{ name: story.byline }],
        articleSection: story.section,
        keywords: story.tags,
        publisher: { name: SITE_NAME },
        image: [{ caption: caption.text, creditText: caption.credit, contentLocation: { name: caption.location } }],
        isRelatedTo: [{ headline: related.headline }],
        correction: [{ text: correction }],
      });
    }
  });

  it('stays one script element with the whole document when a page inlines it', async () => {
    const body = (await t.inject({ method: 'GET', url: `/v1/articles/${article.id}?format=jsonld` })).body;
    const page = parse(`<!doctype html><html><head><script type="application/ld+json">${body}</script></head></html>`);
    const scripts: DefaultTreeAdapterTypes.Element[] = [];
    const walk = (node: DefaultTreeAdapterTypes.ParentNode) => {
      for (const child of node.childNodes) {
        if ('tagName' in child && child.tagName === 'script') scripts.push(child);
        if ('childNodes' in child) walk(child);
      }
    };
    walk(page);
    expect(scripts).toHaveLength(1);
    const text = (scripts[0]?.childNodes[0] as DefaultTreeAdapterTypes.TextNode).value;
    expect(JSON.parse(text).headline).toBe(story.headline);
  });

  it('answers the same bytes and ETag from the published-story cache, and 304 to that ETag', async () => {
    const url = `/v1/articles/${article.id}?format=jsonld`;
    const first = await t.inject({ method: 'GET', url });
    const second = await t.inject({ method: 'GET', url });
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    const editor = await t.inject({ method: 'GET', url, headers: admin });
    expect(editor.body).toBe(first.body);
    const again = await t.inject({ method: 'GET', url, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });
});

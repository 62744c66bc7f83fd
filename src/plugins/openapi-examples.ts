import { z } from 'zod';

/**
 * Example values for the media types of the OpenAPI document: one story, the same throughout (a
 * published piece with a photo caption, a background link and a correction), in every shape the API
 * takes or gives. test/openapi.test.ts validates each against its schema.
 */
const STORY_ID = '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10';
const BACKGROUND_ID = '019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e';
const CAPTION_ID = '019a4b50-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const KEY_ID = '019a4b52-3c4d-7e5f-a617-28394a5b6c7d';

const captionInput = {
  text: 'Border guards walk past a checkpoint on the Serna bridge near the town of Dolní Brod, March 13, 2025',
  credit: 'Harbour Wire/Ines Calder',
  imageUrl: 'https://images.example.com/serna/bridge-checkpoint.jpg',
  altText: 'Two guards in winter coats beside a lowered barrier on a bridge',
  location: 'Dolní Brod, Serna valley',
  takenAt: '2025-03-13T09:30:00.000Z',
};

const storyInput = {
  headline: 'Lakeside talks end without deal as river-rights vote nears',
  summary: 'Seven hours of talks in Lausanne close with both ministers saying they see the dispute differently.',
  body:
    '<p>The foreign ministers of Valdoria and Ostmark said on Friday that their governments had failed to settle the dispute over the Serna river, after seven hours of last-minute talks in Lausanne.</p>\n' +
    '<p>Valdoria’s minister, Irena Kovač, said her government would “respect the choice of the valley’s people” in Sunday’s vote.</p>',
  byline: 'Noor Haddad',
  source: 'Harbour Wire',
  section: 'Europe',
  tags: ['Valdoria', 'Ostmark', 'Serna river', 'referendum'],
  language: 'en-GB',
};

const caption = {
  id: CAPTION_ID,
  articleId: STORY_ID,
  position: 0,
  ...captionInput,
  takenOn: null,
  createdAt: '2025-03-14T08:00:00.000Z',
  updatedAt: '2025-03-14T08:00:00.000Z',
};
const related = {
  id: BACKGROUND_ID,
  slug: 'serna-valley-sets-date-for-river-rights-vote',
  headline: 'Serna valley sets date for river-rights vote',
  rel: 'background',
  position: 0,
};
const correction = {
  id: '019a4b51-2b3c-7d4e-9f5a-6b7c8d9e0f1a',
  kind: 'correction',
  text: 'An earlier version of this story misstated the length of the talks. They lasted seven hours, not six.',
  createdAt: '2025-03-14T11:20:00.000Z',
  version: 4,
};
const CONTRIBUTOR_ID = '019a4b60-7a1b-7c2d-8e3f-4a5b6c7d8e9f';
const PHOTOGRAPHER_ID = '019a4b60-8b2c-7d3e-9f40-5b6c7d8e9fa0';
const POLITICS_ID = '01a24dcc-d800-7000-8000-000000000011';
const credits = [
  { contributorId: CONTRIBUTOR_ID, role: 'author' },
  { contributorId: PHOTOGRAPHER_ID, role: 'photographer' },
];
const filings = [{ subjectId: POLITICS_ID, rel: 'about' }];
const authors = [
  { ...credits[0], name: 'Noor Haddad', slug: 'noor-haddad' },
  { ...credits[1], name: 'Ines Calder', slug: 'ines-calder' },
];
const subjects = [
  {
    ...filings[0],
    scheme: 'iptc-mediatopic',
    code: 'medtop:11000000',
    name: 'politics',
    slug: 'politics',
    uri: 'http://cv.iptc.org/newscodes/mediatopic/11000000',
  },
];
const { body, ...storyFields } = storyInput;
const summary = {
  id: STORY_ID,
  slug: 'lakeside-talks-end-without-deal-as-river-rights-vote-nears',
  ...storyFields,
  status: 'published',
  version: 4,
  createdAt: '2025-03-14T08:00:00.000Z',
  updatedAt: '2025-03-14T11:20:00.000Z',
  publishedAt: '2025-03-14T09:00:00.000Z',
  firstPublishedAt: '2025-03-14T09:00:00.000Z',
  publishAt: null,
  unpublishAt: null,
  embargoedUntil: null,
  authors,
  subjects,
};
const article = {
  ...summary,
  body,
  captions: [caption],
  related: [related],
  corrections: [correction],
};
const revisionSummary = {
  version: 4,
  createdAt: '2025-03-14T11:20:00.000Z',
  action: 'correction_added',
  changedFields: ['corrections'],
  actor: `api-key:${KEY_ID}`,
};
const apiKey = {
  id: KEY_ID,
  name: 'Web desk',
  role: 'editor',
  prefix: 'cms_3kf9',
  createdAt: '2025-03-01T10:00:00.000Z',
  lastUsedAt: '2025-03-14T11:20:00.000Z',
  revokedAt: null,
};
const previewLink = {
  id: '019a4b55-6f70-7b92-8d94-5b627c8d9ea0',
  articleId: STORY_ID,
  version: null,
  createdAt: '2025-03-14T09:00:00.000Z',
  expiresAt: '2025-03-14T11:00:00.000Z',
  createdBy: `api-key:${KEY_ID}`,
};
const PREVIEW_TOKEN = 'q8Yc0uJ0tW0cO7Q3XH2b1i9GfP0mE4kQ1vR6nS8aZtY';
const WEBHOOK_ID = '019a4b54-5e6f-7a81-9c83-4a516b7c8d9f';
const webhook = {
  id: WEBHOOK_ID,
  url: 'https://frontend.example.com/hooks/cms',
  description: 'Purge the CDN and rebuild the front page',
  events: ['article.published', 'article.unpublished', 'article.deleted'],
  enabled: true,
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
};
const change = {
  id: '019a4b55-6f70-7b92-ad94-5b627c8d9ea0',
  sequence: 42,
  type: 'article.published',
  action: 'published',
  occurredAt: '2025-03-14T09:00:00.000Z',
  article: {
    id: STORY_ID,
    version: 3,
    slug: summary.slug,
    status: 'published',
    changedFields: ['status', 'publishedAt', 'firstPublishedAt'],
  },
  public: true,
  slugs: [summary.slug],
  urls: [`/v1/articles/${STORY_ID}`, `/v1/articles/slug/${summary.slug}`],
  cacheTags: [`article:${STORY_ID}`, `slug:${summary.slug}`, 'section:Europe', 'tag:Valdoria', 'list:articles'],
};
const delivery = {
  id: '019a4b56-7081-7ca3-be05-6c738d9eafb1',
  webhookId: WEBHOOK_ID,
  status: 'succeeded',
  attemptCount: 1,
  nextAttemptAt: null,
  deliveredAt: '2025-03-14T09:00:01.084Z',
  lastStatusCode: 200,
  lastError: null,
  lastLatencyMs: 84,
  createdAt: '2025-03-14T09:00:01.000Z',
  event: change,
  attempts: [
    {
      number: 1,
      startedAt: '2025-03-14T09:00:01.000Z',
      outcome: 'succeeded',
      statusCode: 200,
      error: null,
      latencyMs: 84,
    },
  ],
};
const SITE_URL = 'https://news.example.com';
const publication = {
  '@type': 'NewsMediaOrganization',
  name: 'Harbour Courier',
  url: SITE_URL,
  logo: { '@type': 'ImageObject', url: `${SITE_URL}/logo.png` },
};
const ARCHIVE_STORY =
  'Lakeside talks end without deal as river-rights vote nears\n\n' +
  'The foreign ministers of Valdoria and Ostmark said on Friday that their governments had failed to settle the dispute over the Serna river.\n\n' +
  'PHOTO CAPTION\n\nBorder guards walk past a checkpoint on the Serna bridge near the town of Dolní Brod, March 13, 2025\n\n' +
  'Harbour Wire\n\nRelated Articles\n\nSerna valley sets date for river-rights vote\n';

type Examples = Record<string, { summary: string; value: unknown }>;
const one = (summary: string, value: unknown): Examples => ({ story: { summary, value } });

/** Examples by component schema name (or media type, for bodies without a component). */
const EXAMPLES: Record<string, Examples> = {
  // The first example is what /docs sends on "Try it out": one that any server accepts (a link or a credit needs a
  // story or contributor that exists; the subject is one of the seeded IPTC Media Topics).
  ArticleCreateInput: {
    story: {
      summary: 'A story with its photo caption, filed under a seeded IPTC Media Topic',
      value: { ...storyInput, subjects: filings, captions: [captionInput] },
    },
    linked: {
      summary: 'A story with its credits and a background link (to contributors and a story that exist)',
      value: {
        ...storyInput,
        authors: credits,
        subjects: filings,
        captions: [captionInput],
        related: [{ articleId: BACKGROUND_ID, rel: 'background' }],
      },
    },
  },
  ArticlePatchInput: one('Change the summary and the tags', {
    summary: 'Seven hours of talks close without a deal.',
    tags: ['Valdoria', 'Ostmark'],
  }),
  Article: one('A published story', article),
  ArticleList: one('One page of stories, newest first', {
    data: [summary],
    nextCursor: 'eyJjIjoiMjAyNS0wMy0xNFQwODowMDowMC4wMDBaIn0',
  }),
  CaptionCreateInput: one('A photo caption', captionInput),
  CaptionPatchInput: one('Correct the place', { location: 'Dolní Brod, near the Serna bridge' }),
  Caption: one('A photo caption', caption),
  CaptionList: one('The captions, in order', { data: [caption] }),
  CaptionOrder: one('Every caption id, in the new order', { captionIds: [CAPTION_ID] }),
  RelatedCreateInput: one('Link a background story first', {
    articleId: BACKGROUND_ID,
    rel: 'background',
    position: 0,
  }),
  RelatedReplace: one('The complete new list', { articleIds: [BACKGROUND_ID], rel: 'related' }),
  RelatedArticle: one('A related story', related),
  RelatedList: one('Related stories, in order', { data: [related] }),
  PublishRequestInput: {
    now: { summary: 'Publish now (or send no body)', value: {} },
    scheduled: { summary: 'Schedule for a future instant', value: { at: '2025-03-16T06:00:00Z' } },
  },
  UnpublishRequestInput: {
    now: { summary: 'Take down now (or send no body)', value: {} },
    scheduled: { summary: 'Take down at a future instant', value: { at: '2025-03-20T00:00:00Z' } },
  },
  CorrectionCreateInput: one('A correction note', { text: correction.text, kind: 'correction' }),
  Correction: one('A correction note', correction),
  CorrectionList: one('Notes, oldest first', { data: [correction] }),
  RevisionList: one('Versions, newest first', { data: [revisionSummary], nextCursor: 'eyJ2IjozfQ' }),
  Revision: one('A version with its snapshot', { ...revisionSummary, snapshot: article }),
  RevisionDiff: one('What version 4 changed', {
    articleId: STORY_ID,
    from: 3,
    to: 4,
    changes: [{ field: 'corrections', before: [], after: [correction] }],
  }),
  RestoreResult: one('Restored, with a link whose story is gone', {
    article,
    droppedRelated: [{ id: '019a4b53-4d5e-7f60-8b72-39405a6b7c8e', headline: 'Ministers agree to meet in Lausanne' }],
    droppedAuthors: [],
    droppedSubjects: [],
  }),
  TrashedArticle: one('A story in the trash', { ...summary, deletedAt: '2025-03-15T10:00:00.000Z' }),
  TrashList: one('Deleted stories, newest first', {
    data: [{ ...summary, deletedAt: '2025-03-15T10:00:00.000Z' }],
    nextCursor: null,
  }),
  ApiKeyCreateInput: one('A key for the web desk', { name: 'Web desk', role: 'editor' }),
  ApiKey: one('An API key', apiKey),
  ApiKeyWithSecret: one('A new key, with its secret', {
    ...apiKey,
    lastUsedAt: null,
    secret: 'cms_3kf9Jx7Qb2LmN4pR8sT1vW6yZ0aC5dE9',
  }),
  ApiKeyList: one('API keys, without secrets', { data: [apiKey] }),
  KillRequest: {
    legal: {
      summary: 'Taken down on a court order, with a notice for readers',
      value: {
        reason: 'Court order 2026/114: the claimant is named in the third paragraph',
        notice: 'This story has been removed for legal reasons.',
      },
    },
    plain: { summary: 'Withdrawn, with the default notice', value: { reason: 'Wrong name in the headline' } },
  },
  UnkillRequest: one('The order was lifted', { reason: 'The court order was lifted on appeal' }),
  PreviewLinkCreateInput: {
    latest: { summary: 'The story as it is at each read, for two hours', value: { expiresIn: 'PT2H' } },
    pinned: { summary: 'Version 3 only, for a day (in seconds)', value: { version: 3, expiresIn: 86400 } },
  },
  PreviewLink: one('A preview link that still works', previewLink),
  PreviewLinkWithToken: one('A new preview link, with its token', {
    ...previewLink,
    url: `https://news.example.com/preview?token=${PREVIEW_TOKEN}`,
    token: PREVIEW_TOKEN,
  }),
  PreviewLinkList: one('The links that still work, newest first', { data: [previewLink] }),
  RelatedSuggestionList: one('Stories sharing the most distinctive words', {
    data: [
      {
        ...summary,
        id: BACKGROUND_ID,
        slug: related.slug,
        headline: related.headline,
        score: 0.42,
        matchedTerms: ['serna', 'valdoria'],
      },
    ],
  }),
  WebhookCreateInput: one('Be told when stories go up or come down', {
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
  }),
  WebhookPatchInput: one('Pause deliveries', { enabled: false }),
  Webhook: one('A webhook subscription', webhook),
  WebhookWithSecret: one('A new webhook, with its signing secret', {
    ...webhook,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
  WebhookList: one('Webhook subscriptions', { data: [webhook] }),
  WebhookDelivery: one('A delivery sent at the first attempt', delivery),
  WebhookDeliveryList: one('Deliveries, newest first', { data: [delivery], nextCursor: null }),
  ChangeFeed: one('Changes in commit order', { data: [change], nextCursor: 'eyJzIjo0Mn0', hasMore: false }),
  NinjsDocument: one('The story as IPTC ninjs 3.1', {
    uri: `urn:newsroom-cms:article:${STORY_ID}`,
    standard: { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' },
    type: 'text',
    representationType: 'full',
    version: String(summary.version),
    firstCreated: summary.createdAt,
    versionCreated: summary.updatedAt,
    pubStatus: 'usable',
    edNote: `Workflow status: published; published at ${summary.publishedAt}`,
    language: storyInput.language,
    slugline: summary.slug,
    headlines: [{ role: 'main', contentType: 'text/plain', value: storyInput.headline }],
    descriptions: [{ role: 'summary', contentType: 'text/plain', value: storyInput.summary }],
    bodies: [{ role: 'main', contentType: 'text/html', value: body }],
    by: storyInput.byline,
    infoSources: [{ name: storyInput.source }],
    subjects: [{ name: storyInput.section, rel: 'section' }, ...storyInput.tags.map((name) => ({ name, rel: 'tag' }))],
    associations: [
      {
        name: 'picture-1',
        uri: `urn:newsroom-cms:caption:${CAPTION_ID}`,
        type: 'picture',
        firstCreated: caption.createdAt,
        versionCreated: caption.updatedAt,
        contentCreated: caption.takenAt,
        descriptions: [
          { role: 'caption', contentType: 'text/plain', value: caption.text },
          { role: 'alt', contentType: 'text/plain', value: caption.altText },
        ],
        by: caption.credit,
        located: caption.location,
        renditions: [{ name: 'original', href: caption.imageUrl }],
      },
      {
        name: related.headline,
        uri: `urn:newsroom-cms:article:${BACKGROUND_ID}`,
        type: 'text',
        rel: related.rel,
        slugline: related.slug,
        headlines: [{ value: related.headline }],
      },
    ],
  }),
  NewsArticleJsonLd: one('The story as schema.org NewsArticle', {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': `${SITE_URL}/stories/${summary.slug}`,
    url: `${SITE_URL}/stories/${summary.slug}`,
    mainEntityOfPage: { '@type': 'WebPage', '@id': `${SITE_URL}/stories/${summary.slug}` },
    identifier: `urn:newsroom-cms:article:${STORY_ID}`,
    headline: storyInput.headline,
    description: storyInput.summary,
    inLanguage: storyInput.language,
    datePublished: summary.publishedAt,
    dateCreated: summary.createdAt,
    dateModified: summary.updatedAt,
    author: [{ '@type': 'Person', name: storyInput.byline }],
    publisher: publication,
    sourceOrganization: { '@type': 'Organization', name: storyInput.source },
    articleSection: storyInput.section,
    keywords: storyInput.tags,
    image: [
      {
        '@type': 'ImageObject',
        url: caption.imageUrl,
        contentUrl: caption.imageUrl,
        caption: caption.text,
        description: caption.altText,
        creditText: caption.credit,
        contentLocation: { '@type': 'Place', name: caption.location },
        dateCreated: caption.takenAt,
      },
    ],
    isPartOf: { '@type': 'WebSite', name: publication.name, url: publication.url, inLanguage: 'en' },
    correction: [
      {
        '@type': 'CorrectionComment',
        text: correction.text,
        datePublished: correction.createdAt,
        name: 'correction',
      },
    ],
    isAccessibleForFree: true,
    isRelatedTo: [
      {
        '@type': 'NewsArticle',
        '@id': `${SITE_URL}/stories/${related.slug}`,
        url: `${SITE_URL}/stories/${related.slug}`,
        headline: related.headline,
        identifier: `urn:newsroom-cms:article:${BACKGROUND_ID}`,
      },
    ],
  }),
  'application/rss+xml': one(
    'RSS 2.0, newest first',
    `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Newsroom</title>` +
      `<item><title>${storyInput.headline}</title><guid isPermaLink="false">urn:uuid:${STORY_ID}</guid>` +
      `<pubDate>Fri, 14 Mar 2025 09:00:00 GMT</pubDate></item></channel></rss>`,
  ),
  'application/atom+xml': one(
    'Atom 1.0, newest first',
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Newsroom</title>` +
      `<entry><title>${storyInput.headline}</title><id>urn:uuid:${STORY_ID}</id>` +
      `<updated>${summary.updatedAt}</updated></entry></feed>`,
  ),
  'application/xml': one(
    'A Google News sitemap of the last two days',
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" ` +
      `xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example.com/${summary.slug}</loc>` +
      `<news:news><news:title>${storyInput.headline}</news:title></news:news></url></urlset>`,
  ),
  Health: one('The process is up', { status: 'ok' }),
  Readiness: one('Ready', { status: 'ready', database: 'postgres', pendingMigrations: [] }),
  'text/plain': one('A story file in the archive format', ARCHIVE_STORY),
};

/** Examples that differ by response status. */
const BY_STATUS: Record<string, Examples> = {
  'Readiness 503': one('The database does not answer', {
    status: 'unavailable',
    database: 'postgres',
    pendingMigrations: [],
    detail: 'The database does not answer',
  }),
};

type Media = { schema?: { $ref?: string }; examples?: Examples };
type Operation = {
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
};
const nameOf = (mediaType: string, media: Media) => media.schema?.$ref?.split('/').pop() ?? mediaType;

type ExampleDocument = {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, { examples?: unknown[] }> };
};

/**
 * The `examples` a component schema declares itself (`.meta({ examples })`), as named media examples.
 * Request bodies (`<id>Input`) lose their meta in fastify-type-provider-zod's input transform: read
 * it from zod's registry under the schema's own id.
 */
function schemaExamples(document: ExampleDocument, name: string): Examples | undefined {
  const registered = z.globalRegistry._idmap.get(name.replace(/Input$/, ''));
  const values =
    document.components?.schemas?.[name]?.examples ??
    (registered && (z.globalRegistry.get(registered)?.examples as unknown[] | undefined));
  if (!values?.length) return undefined;
  return Object.fromEntries(values.map((value, i) => [`example${i + 1}`, { summary: `${name} example`, value }]));
}

/** Puts an example on every request body and success response that has none. */
export function addExamples<T>(document: T): T {
  const doc = document as ExampleDocument;
  const paths = doc.paths ?? {};
  for (const operation of Object.values(paths).flatMap((item) => Object.values(item))) {
    for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}))
      media.examples ??= EXAMPLES[nameOf(type, media)] ?? schemaExamples(doc, nameOf(type, media));
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      for (const [type, media] of Object.entries(response.content ?? {})) {
        const name = nameOf(type, media);
        media.examples ??= BY_STATUS[`${name} ${status}`] ?? EXAMPLES[name] ?? schemaExamples(doc, name);
      }
    }
  }
  return document;
}

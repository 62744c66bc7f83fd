import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../src/lib/error-codes.js';
import type { TestApp } from './helpers/app.js';
import { type Document, type DocumentedOperation, useServedDocument } from './helpers/openapi-document.js';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Probes answer for the orchestrator, not for API clients: their 503 is a readiness report. */
const PROBES = new Set(['/health', '/ready']);

const served = useServedDocument();
let t: TestApp;
let document: Document;
let operations: DocumentedOperation[];
beforeAll(() => {
  ({ t, document, operations } = served);
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with a title, version, license and server', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({
      title: expect.any(String),
      version: expect.any(String),
      license: expect.anything(),
    });
    expect(document.servers?.length).toBeGreaterThan(0);
  });

  it('passes redocly lint with the repository’s ruleset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cms-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document, null, 2));
      const result = spawnSync(
        join(root, 'node_modules/.bin/redocly'),
        ['lint', file, '--format=stylish', '--config', join(root, 'redocly.yaml')],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      );
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.status, output).toBe(0);
      expect(output).not.toMatch(/^\s*\d+:\d+\s+(error|warning)\s/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents every issue-2 endpoint', () => {
    const expected = [
      'POST /v1/articles',
      'GET /v1/articles',
      'GET /v1/articles/{id}',
      'GET /v1/articles/slug/{slug}',
      'PATCH /v1/articles/{id}',
      'DELETE /v1/articles/{id}',
      'GET /v1/articles/{id}/captions',
      'POST /v1/articles/{id}/captions',
      'GET /v1/articles/{id}/captions/{captionId}',
      'PATCH /v1/articles/{id}/captions/{captionId}',
      'DELETE /v1/articles/{id}/captions/{captionId}',
      'PUT /v1/articles/{id}/captions/order',
      'GET /v1/articles/{id}/related',
      'POST /v1/articles/{id}/related',
      'PUT /v1/articles/{id}/related',
      'DELETE /v1/articles/{id}/related/{relatedArticleId}',
      'GET /v1/articles/{id}/referenced-by',
      'GET /health',
      'GET /ready',
    ];
    expect(operations.map(({ method, path }) => `${method} ${path}`)).toEqual(expect.arrayContaining(expected));
  });

  it('gives every operation a unique camelCase operationId, a declared tag and a summary', () => {
    const declaredTags = new Set(document.tags.map((tag) => tag.name));
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(op.tags?.length, where).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(declaredTags.has(tag), `${where}: tag ${tag}`).toBe(true);
      expect(op.summary?.trim().length, where).toBeGreaterThan(10);
    }
  });

  it('documents each error an operation can give, as application/problem+json', () => {
    for (const { method, path, op } of operations) {
      if (PROBES.has(path)) continue;
      const where = `${method} ${path}`;
      const params = op.parameters ?? [];
      const bearerOnly =
        (op.security ?? []).length > 0 &&
        !(op.security ?? []).some((alternative) => Object.keys(alternative).length === 0);
      const needed = new Set(['429']);
      if (params.some((p) => p.in === 'path')) ['400', '404'].forEach((s) => needed.add(s));
      if (params.some((p) => p.in === 'query')) needed.add('400');
      if (op.requestBody) ['400', '413', '415'].forEach((s) => needed.add(s));
      if (params.some((p) => p.in === 'header' && p.name === 'if-match')) ['412', '428'].forEach((s) => needed.add(s));
      if ((op.security ?? []).length) needed.add('401');
      if (bearerOnly) needed.add('403');
      expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining([...needed]));
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.description, `${where} ${status}`).not.toBe('Default Response');
        if (Number(status) < 400) continue;
        expect(Object.keys(response.content ?? {}), `${where} ${status}`).toEqual(['application/problem+json']);
        const media = response.content!['application/problem+json']!;
        const ref = media.schema?.$ref ?? media.schema?.allOf?.[0]?.$ref;
        expect(ref, `${where} ${status}`).toBe('#/components/schemas/Problem');
        // Each code listed is one of this status, with an example problem of that code.
        const codes = media['x-error-codes'] ?? [];
        expect(codes.length, `${where} ${status}`).toBeGreaterThan(0);
        for (const code of codes) {
          expect(ERROR_CODES[code as ErrorCode]?.status, `${where} ${status} ${code}`).toBe(Number(status));
          expect(media.examples?.[code]?.value, `${where} ${status} ${code}`).toMatchObject({
            code,
            status: Number(status),
          });
        }
        if (media.schema?.allOf)
          expect(media.schema.allOf[1].properties.code.enum, `${where} ${status}`).toEqual(codes);
      }
      expect(op.responses['500'], `${where} documents 500`).toBeDefined();
    }
  });

  it('marks If-Match required on every write that answers 428 without it, and only there', () => {
    for (const { method, path, op } of operations) {
      const ifMatch = (op.parameters ?? []).find((p) => p.in === 'header' && p.name === 'if-match');
      expect(ifMatch?.required ?? false, `${method} ${path}`).toBe(op.responses['428'] !== undefined);
    }
  });

  it('lists the Idempotency-Key codes on every operation that takes the header', () => {
    for (const { method, path, op } of operations) {
      if (!(op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'idempotency-key')) continue;
      const codes = (status: string) => op.responses[status]?.content?.['application/problem+json']?.['x-error-codes'];
      expect(codes('409'), `${method} ${path}`).toContain('IDEMPOTENCY_IN_PROGRESS');
      expect(codes('422'), `${method} ${path}`).toContain('IDEMPOTENCY_KEY_REUSED');
    }
  });

  it('describes the problem document and the story schemas with examples', () => {
    expect(document.components.schemas.Problem?.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance']),
    );
    // A nullable field carries its example on the non-null branch of its anyOf.
    const hasExample = (schema: string, field: string) =>
      expect(JSON.stringify(document.components.schemas[schema]?.properties[field]), `${schema}.${field}`).toContain(
        '"example"',
      );
    for (const field of ['headline', 'summary', 'body', 'byline', 'source', 'section', 'tags', 'language'])
      hasExample('ArticleCreateInput', field);
    for (const field of ['text', 'credit', 'location', 'imageUrl', 'takenAt']) hasExample('CaptionCreateInput', field);
    hasExample('RelatedCreateInput', 'rel');
  });

  it('lists only component schemas that some operation uses', () => {
    const text =
      JSON.stringify({ ...document, components: { ...document.components, schemas: {} } }) +
      JSON.stringify(document.components.schemas);
    for (const name of Object.keys(document.components.schemas)) {
      expect(text.includes(`"#/components/schemas/${name}"`), name).toBe(true);
    }
  });
});

describe('GET /docs', () => {
  it('serves the interactive documentation page', async () => {
    const response = await t.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/swagger-ui/i);
  });

  // "Try it out" fills each parameter with its example and sends the request's first server and body example.
  it('pre-fills nothing the server would refuse: no parameter examples, a first body example that stands alone', async () => {
    for (const { method, path, op } of operations) {
      for (const p of op.parameters ?? []) {
        expect(JSON.stringify(p), `${method} ${path} ${p.in} ${p.name}`).not.toMatch(/"examples?":/);
      }
    }
    const create = document.paths['/v1/articles']!.post!.requestBody!.content['application/json']!.examples!;
    expect(Object.values(create)[0]?.value).not.toHaveProperty('related');
    const docs = (await t.inject({ method: 'GET', url: '/docs/json' })).json() as Document;
    expect(docs.servers?.[0]?.url).toBe('/');
    expect(docs.servers?.slice(1)).toEqual([document.servers?.[0]]);
    expect(document.servers?.[0]?.url).toMatch(/^http:\/\/localhost:\d+$/);
  });
});

describe('delivery in the OpenAPI document', () => {
  const op = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)?.op;

  it('documents the JSON article alone on the negotiated reads, each news format as an operation of its own', () => {
    for (const path of ['/v1/articles/{id}', '/v1/articles/slug/{slug}']) {
      const get = op('GET', path);
      expect(Object.keys(get?.responses['200']?.content ?? {}), path).toEqual(['application/json']);
      expect(get?.responses['200']?.content?.['application/json']?.schema, path).toEqual({
        $ref: '#/components/schemas/Article',
      });
      expect(get?.responses['406'], path).toBeDefined();
      expect(
        get?.parameters?.map((p) => `${p.in}:${p.name}`),
        path,
      ).toEqual(
        expect.arrayContaining(['query:format', 'header:accept', 'header:if-none-match', 'header:if-modified-since']),
      );
    }
    const formats: Array<[string, string, string, string]> = [
      ['/v1/articles/{id}/ninjs', 'getArticleNinjs', 'application/ninjs+json', 'NinjsDocument'],
      ['/v1/articles/{id}/jsonld', 'getArticleJsonLd', 'application/ld+json', 'NewsArticleJsonLd'],
      ['/v1/articles/slug/{slug}/ninjs', 'getArticleBySlugNinjs', 'application/ninjs+json', 'NinjsDocument'],
      ['/v1/articles/slug/{slug}/jsonld', 'getArticleBySlugJsonLd', 'application/ld+json', 'NewsArticleJsonLd'],
    ];
    for (const [path, operationId, mediaType, schema] of formats) {
      const get = op('GET', path);
      expect(get?.operationId, path).toBe(operationId);
      expect(get?.responses['200']?.content, path).toEqual({
        [mediaType]: expect.objectContaining({ schema: { $ref: `#/components/schemas/${schema}` } }),
      });
      expect(Object.keys(get?.responses ?? {}), path).toEqual(
        expect.arrayContaining(['200', '304', '400', '401', '404', '429']),
      );
      expect(get?.responses['406'], `${path}: the path names the format`).toBeUndefined();
      expect(get?.parameters?.map((p) => `${p.in}:${p.name}`).sort(), path).toEqual(
        [path.includes('slug') ? 'path:slug' : 'path:id', 'header:if-none-match', 'header:if-modified-since'].sort(),
      );
    }
    expect(op('GET', '/v1/articles/slug/{slug}/ninjs')?.responses['301']).toBeDefined();
  });

  it('closes every object of the ninjs and JSON-LD schemas, so SDKs type each member', () => {
    const reachable = new Set<string>();
    const visit = (name: string) => {
      if (reachable.has(name)) return;
      reachable.add(name);
      for (const [, ref] of JSON.stringify(document.components.schemas[name]).matchAll(
        /"#\/components\/schemas\/(\w+)"/g,
      ))
        visit(ref!);
    };
    visit('NinjsDocument');
    visit('NewsArticleJsonLd');
    expect(reachable.size).toBeGreaterThan(15);
    for (const name of reachable) {
      const schema = document.components.schemas[name]!;
      if (schema.type === 'object') expect(schema.additionalProperties, name).toBe(false);
      else expect(schema.oneOf ?? schema.anyOf, name).toBeDefined();
    }
  });

  it('documents the feeds with their XML media types, operationIds and the feeds tag', () => {
    const feeds: Array<[string, string, string]> = [
      ['/v1/feeds/rss.xml', 'getRssFeed', 'application/rss+xml'],
      ['/v1/feeds/atom.xml', 'getAtomFeed', 'application/atom+xml'],
      ['/v1/feeds/news-sitemap.xml', 'getNewsSitemap', 'application/xml'],
    ];
    for (const [path, operationId, mediaType] of feeds) {
      const get = op('GET', path);
      expect(get?.operationId, path).toBe(operationId);
      expect(get?.tags, path).toEqual(['feeds']);
      expect(Object.keys(get?.responses['200']?.content ?? {}), path).toEqual([mediaType]);
      expect(get?.responses['304'], path).toBeDefined();
    }
  });

  it('documents the caching headers on every delivery response', () => {
    const delivery = [
      '/v1/articles',
      '/v1/articles/{id}',
      '/v1/articles/{id}/ninjs',
      '/v1/articles/{id}/jsonld',
      '/v1/articles/slug/{slug}',
      '/v1/articles/slug/{slug}/ninjs',
      '/v1/articles/slug/{slug}/jsonld',
      '/v1/feeds/rss.xml',
      '/v1/feeds/atom.xml',
      '/v1/feeds/news-sitemap.xml',
    ];
    for (const path of delivery) {
      const responses = op('GET', path)?.responses as Record<string, { headers?: Record<string, unknown> }>;
      for (const status of ['200', '304']) {
        expect(Object.keys(responses[status]?.headers ?? {}), `${path} ${status}`).toEqual(
          expect.arrayContaining(['ETag', 'Cache-Control', 'Surrogate-Key', 'Cache-Tag', 'Vary']),
        );
      }
      expect(Object.keys(responses['200']?.headers ?? {}), path).toContain('Last-Modified');
    }
  });
});

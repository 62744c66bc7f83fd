import { beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_ETAG_PATTERN, ETAG_PATTERN } from '../src/lib/error-codes.js';
import { MAX_DB_INT } from '../src/lib/zod-atoms.js';
import { createTestApp } from './helpers/app.js';
import {
  type Document,
  type DocumentedOperation,
  schemaValidator,
  servedDocument,
  useServedDocument,
} from './helpers/openapi-document.js';

/** What generated SDKs rely on, checked on every operation, parameter, response and schema of the document. */
const served = useServedDocument();
let document: Document;
let operations: DocumentedOperation[];
beforeAll(() => {
  ({ document, operations } = served);
});

const PROBES = new Set(['/health', '/ready']);
const isList = ({ op }: DocumentedOperation) => {
  const ref = op.responses['200']?.content?.['application/json']?.schema?.$ref?.split('/').pop();
  return ref !== undefined && document.components.schemas[ref]?.properties?.data?.type === 'array';
};

/** Every schema node with its path, `examples` left out. */
function schemaNodes(): Array<{ where: string; node: Record<string, any>; root: boolean }> {
  const found: Array<{ where: string; node: Record<string, any>; root: boolean }> = [];
  const walk = (node: unknown, where: string, root: boolean) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}/${i}`, false));
    if (node === null || typeof node !== 'object') return;
    found.push({ where, node: node as Record<string, any>, root });
    for (const [key, value] of Object.entries(node))
      if (key !== 'examples' && key !== 'example') walk(value, `${where}/${key}`, false);
  };
  for (const [name, schema] of Object.entries(document.components.schemas))
    walk(schema, `#/components/schemas/${name}`, true);
  for (const { method, path, op } of operations) {
    for (const p of op.parameters ?? []) walk(p.schema, `${method} ${path} ${p.in} ${p.name}`, true);
    for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
      walk(media.schema, `${method} ${path} body ${type}`, true);
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(response.content ?? {}))
        walk(media.schema, `${method} ${path} ${status} ${type}`, true);
    }
  }
  return found;
}

describe('the OpenAPI document as an SDK contract', () => {
  it('describes every operation and parameter, with ordering and cursor semantics on every list', () => {
    for (const entry of operations) {
      const { method, path, op } = entry;
      const where = `${method} ${path}`;
      expect(op.description?.length ?? 0, where).toBeGreaterThan(40);
      for (const p of op.parameters ?? []) {
        expect(p.description?.length ?? 0, `${where} ${p.in} ${p.name}`).toBeGreaterThan(10);
        expect(p.description, `${where} ${p.name}`).not.toBe('UUIDv7');
      }
      for (const [status, response] of Object.entries(op.responses))
        expect(response.description, `${where} ${status}`).not.toBe('Default Response');
      if (!isList(entry)) continue;
      expect(op.description, `${where} says its order`).toMatch(/first|\border\b/i);
      const cursor = op.parameters?.find((p) => p.name === 'cursor');
      if (cursor) {
        expect(cursor.description, `${where} cursor`).toMatch(/nextCursor/);
        expect(op.description, `${where} explains paging`).toMatch(/nextCursor/);
      }
    }
  });

  it('documents X-Request-Id on every response, and the rate-limit headers wherever the limit applies', () => {
    for (const name of ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) {
      expect(document.components.headers?.[name]?.description, name).toEqual(expect.any(String));
    }
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const headers = response.headers ?? {};
        expect(headers['X-Request-Id'], `${method} ${path} ${status}`).toEqual({
          $ref: '#/components/headers/X-Request-Id',
        });
        expect(headers['X-RateLimit-Remaining'] !== undefined, `${method} ${path} ${status}`).toBe(!PROBES.has(path));
      }
      if (!PROBES.has(path)) expect(op.responses['429']?.headers?.['Retry-After'], `${method} ${path}`).toBeDefined();
    }
  });

  it('gives the exact ETag format wherever an ETag is sent, including 304 and 412', () => {
    let etags = 0;
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const etag = response.headers?.ETag;
        if (['304', '412'].includes(status)) expect(etag, `${method} ${path} ${status}`).toBeDefined();
        if (!etag) continue;
        etags++;
        // Delivery reads (op.get of an article, lists, feeds) also send weak ETags of their other formats.
        const delivery = method === 'GET' && ['200', '304'].includes(status);
        const pattern =
          delivery && etag.schema?.pattern === DELIVERY_ETAG_PATTERN ? DELIVERY_ETAG_PATTERN : ETAG_PATTERN;
        expect(etag.schema, `${method} ${path} ${status}`).toMatchObject({ type: 'string', pattern });
        expect(new RegExp(etag.schema!.pattern).test('"v12"')).toBe(true);
        expect(new RegExp(etag.schema!.pattern).test('W/"v12"')).toBe(delivery && pattern === DELIVERY_ETAG_PATTERN);
        expect(new RegExp(etag.schema!.pattern).test('v12')).toBe(false);
      }
    }
    expect(etags).toBeGreaterThan(30);
    const moved = document.paths['/v1/articles/slug/{slug}']!.get!.responses['301']!;
    expect(moved.headers?.Location?.description).toMatch(/current slug/);
    expect(moved.headers?.Location?.description).not.toMatch(/created/);
  });

  it('documents /ready’s 503 as a readiness report', () => {
    const ready = document.paths['/ready']!.get!.responses;
    expect(ready['503']?.description).toMatch(/Not ready/);
    expect(ready['503']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Readiness' });
    expect(ready['503']?.content?.['application/json']?.examples).toBeDefined();
  });

  it('has one component per type: no identical request twin, no inline object, one Role', () => {
    const schemas = document.components.schemas;
    expect(schemas.Role?.enum).toEqual(['reader', 'editor', 'admin']);
    for (const name of Object.keys(schemas)) {
      const twin = schemas[name.replace(/Input$/, '')];
      if (name.endsWith('Input') && twin) expect(JSON.stringify(schemas[name]), name).not.toBe(JSON.stringify(twin));
    }
    // An object type outside a component becomes an anonymous type in SDKs; the per-operation
    // narrowing of Problem.code (allOf with Problem) is the one allowed exception.
    const inline = schemaNodes().filter(
      ({ where, node, root }) => node.type === 'object' && node.properties && !root && !/\/allOf\/1$/.test(where),
    );
    expect(inline.map(({ where }) => where)).toEqual([]);
  });

  it('bounds every integer realistically: versions from 1, positions from 0, none past the database’s integer', () => {
    const integers = schemaNodes().filter(({ node }) => node.type === 'integer');
    expect(integers.length).toBeGreaterThan(15);
    for (const { where, node } of integers) {
      expect(node.minimum, where).toBeGreaterThanOrEqual(0);
      expect(node.maximum, where).toBeLessThanOrEqual(MAX_DB_INT);
      if (/\/(version|currentVersion|from|to)$|\{version\}.* path version$|query against$/.test(where))
        expect(node.minimum, where).toBe(1);
      if (/\/position$/.test(where)) expect(node.minimum, where).toBe(0);
    }
  });

  it('lists revision actions as an enum', () => {
    const action = document.components.schemas.RevisionSummary?.properties.action;
    expect(action).toEqual({ $ref: '#/components/schemas/RevisionAction' });
    expect(document.components.schemas.RevisionAction?.enum).toEqual(
      expect.arrayContaining(['created', 'updated', 'published', 'restored']),
    );
  });

  it('shows examples on every request body and response body, each valid against its schema', () => {
    const validator = schemaValidator(document);
    let checked = 0;
    for (const { method, path, op } of operations) {
      const media = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([type, m]) => [`body ${type}`, m] as const),
        ...Object.entries(op.responses).flatMap(([status, r]) =>
          Object.entries(r.content ?? {}).map(([type, m]) => [`${status} ${type}`, m] as const),
        ),
      ];
      for (const [where, m] of media) {
        expect(Object.keys(m.examples ?? {}).length, `${method} ${path} ${where}`).toBeGreaterThan(0);
        for (const [name, example] of Object.entries(m.examples ?? {})) {
          expect(validator.schema(m.schema!, example.value), `${method} ${path} ${where} example ${name}`).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    const story = document.paths['/v1/articles']!.post!.requestBody!.content['application/json']!.examples!;
    expect(Object.values(story)[0]?.value).toMatchObject({
      headline: expect.any(String),
      body: expect.stringMatching(/^<p>/),
      captions: [expect.anything()],
    });
  });

  it('names an absolute server first, that a generated client can use as its base URL', async () => {
    expect(document.servers?.[0]?.url).toMatch(/^http:\/\/localhost:\d+$/);
    const configured = await createTestApp({ PUBLIC_BASE_URL: 'https://cms.example.com/' });
    try {
      expect((await servedDocument(configured)).servers?.[0]?.url).toBe('https://cms.example.com');
    } finally {
      await configured.close();
    }
  });
});

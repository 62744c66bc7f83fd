import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode, errorCodeSpec } from '../src/lib/error-codes.js';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addRelated } from './helpers/content.js';
import { createArticle, ifMatch } from './helpers/factories.js';
import { type Document, schemaValidator, servedDocument } from './helpers/openapi-document.js';

let t: TestApp;
let document: Document;
let validator: ReturnType<typeof schemaValidator>;
beforeAll(async () => {
  t = await createTestApp();
  document = await servedDocument(t);
  validator = schemaValidator(document);
});
afterAll(async () => {
  await t?.close();
});

const membersOf = (code: ErrorCode) => {
  const spec = errorCodeSpec(code);
  return { members: spec.members ?? [], optional: spec.optional ?? [] };
};

/** The problem matches its code's catalogue entry and what the operation documents for its status. */
function expectDocumentedProblem(response: LightMyRequestResponse, method: string, path: string, code: ErrorCode) {
  const body = response.json();
  expect(response.statusCode, response.body).toBe(ERROR_CODES[code].status);
  expect(body).toMatchObject({ code, status: ERROR_CODES[code].status, title: ERROR_CODES[code].title });
  for (const member of membersOf(code).members) expect(body, `${code} carries ${member}`).toHaveProperty(member);
  const media =
    document.paths[path]?.[method.toLowerCase()]?.responses[String(response.statusCode)]?.content?.[
      'application/problem+json'
    ];
  expect(media?.['x-error-codes'], `${method} ${path} ${response.statusCode} lists ${code}`).toContain(code);
  expect(
    validator.response(method, path, response.statusCode, 'application/problem+json', body),
    `${method} ${path}`,
  ).toEqual([]);
}

describe('the error catalogue (src/lib/error-codes.ts)', () => {
  it('is the README’s error table, code by code, with each status and its members', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (\d{3}) \| [^|]+ \| ([^|]+) \|$/gm)].map(
      ([, code, status, members]) => ({
        code,
        status: Number(status),
        members: members!.trim() === '–' ? [] : members!.split(',').map((m) => m.trim().replaceAll('`', '')),
      }),
    );
    const catalogue = Object.entries(ERROR_CODES).map(([code, spec]) => {
      const { members, optional } = membersOf(code as ErrorCode);
      return { code, status: spec.status, members: [...members, ...optional.map((m) => `${m}?`)] };
    });
    expect(rows).toEqual(catalogue);
  });

  it('is the enum of Problem.code in the OpenAPI document, and each member is a Problem property', () => {
    const problem = document.components.schemas.Problem!;
    expect(problem.properties.code).toEqual({ $ref: '#/components/schemas/ErrorCode' });
    expect(document.components.schemas.ErrorCode?.enum).toEqual(Object.keys(ERROR_CODES));
    expect(problem.additionalProperties === undefined || problem.additionalProperties === false).toBe(true);
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const { members, optional } = membersOf(code);
      for (const member of [...members, ...optional])
        expect(problem.properties, `${code}.${member}`).toHaveProperty(member);
    }
  });
});

describe('problems as sent match the catalogue and each operation’s documented codes', () => {
  it('409 and 422 on stories, captions and related links', async () => {
    const story = await createArticle(t, { slug: 'border-talks' });
    const other = await createArticle(t, { headline: 'Border vote set for Sunday' });

    const taken = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: { headline: 'Again', slug: 'border-talks' },
    });
    expectDocumentedProblem(taken, 'POST', '/v1/articles', 'SLUG_TAKEN');
    expect(taken.json().slug).toBe('border-talks');
    // The 409 of this operation is narrowed to its own codes: another operation's code does not conform.
    expect(
      validator.response('POST', '/v1/articles', 409, 'application/problem+json', {
        ...(taken.json() as object),
        code: 'ALREADY_LINKED',
      }),
    ).not.toEqual([]);

    const unknown = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: admin,
      payload: { headline: 'Links nowhere', related: [{ articleId: '019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e' }] },
    });
    expectDocumentedProblem(unknown, 'POST', '/v1/articles', 'UNKNOWN_ARTICLE');

    const self = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/related`,
      headers: ifMatch(story.etag),
      payload: { articleId: story.id },
    });
    expectDocumentedProblem(self, 'POST', '/v1/articles/{id}/related', 'SELF_LINK');

    await addRelated(t, story, other);
    const twice = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/related`,
      headers: ifMatch(story.etag),
      payload: { articleId: other.id },
    });
    expectDocumentedProblem(twice, 'POST', '/v1/articles/{id}/related', 'ALREADY_LINKED');
    expect(twice.json().articleId).toBe(other.id);

    const duplicate = await t.inject({
      method: 'PUT',
      url: `/v1/articles/${story.id}/related`,
      headers: ifMatch(story.etag),
      payload: { articleIds: [other.id, other.id] },
    });
    expectDocumentedProblem(duplicate, 'PUT', '/v1/articles/{id}/related', 'DUPLICATE_LINK');

    await addCaption(t, story);
    const order = await t.inject({
      method: 'PUT',
      url: `/v1/articles/${story.id}/captions/order`,
      headers: ifMatch(story.etag),
      payload: { captionIds: [] },
    });
    expectDocumentedProblem(order, 'PUT', '/v1/articles/{id}/captions/order', 'NOT_A_PERMUTATION');
  });

  it('412, 428 and workflow conflicts', async () => {
    const story = await createArticle(t);
    const stale = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: ifMatch('"v9"'),
      payload: { summary: 'x' },
    });
    expectDocumentedProblem(stale, 'PATCH', '/v1/articles/{id}', 'STALE_ETAG');
    expect(stale.headers.etag).toBe(story.etag);
    const missing = await t.inject({
      method: 'PATCH',
      url: `/v1/articles/${story.id}`,
      headers: admin,
      payload: { summary: 'x' },
    });
    expectDocumentedProblem(missing, 'PATCH', '/v1/articles/{id}', 'IF_MATCH_REQUIRED');

    const note = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/corrections`,
      headers: ifMatch(story.etag),
      payload: { text: 'Fixed a name', kind: 'correction' },
    });
    expectDocumentedProblem(note, 'POST', '/v1/articles/{id}/corrections', 'NEVER_PUBLISHED');
    const archived = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/archive`,
      headers: ifMatch(story.etag),
    });
    expect(archived.statusCode, archived.body).toBe(200);
    const again = await t.inject({
      method: 'POST',
      url: `/v1/articles/${story.id}/archive`,
      headers: ifMatch(archived.headers.etag as string),
    });
    expectDocumentedProblem(again, 'POST', '/v1/articles/{id}/archive', 'INVALID_TRANSITION');
    expect(again.json().currentStatus).toBe('archived');

    const diff = await t.inject({ method: 'GET', url: `/v1/articles/${story.id}/revisions/1/diff`, headers: admin });
    expectDocumentedProblem(diff, 'GET', '/v1/articles/{id}/revisions/{version}/diff', 'NO_EARLIER_VERSION');
  });

  it('idempotency, import, validation, auth and not-found problems', async () => {
    const key = { ...admin, 'idempotency-key': 'b0c9a3c8-8d8e-4b8e-9c43-5c1a1f0e6d21' };
    const first = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: key,
      payload: { headline: 'First of two' },
    });
    expect(first.statusCode, first.body).toBe(201);
    const reused = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: key,
      payload: { headline: 'Second of two' },
    });
    expectDocumentedProblem(reused, 'POST', '/v1/articles', 'IDEMPOTENCY_KEY_REUSED');

    const story = await t.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: { ...admin, 'content-type': 'text/plain' },
      payload: '\n\n',
    });
    expectDocumentedProblem(story, 'POST', '/v1/imports', 'UNPARSABLE_STORY');

    const invalid = await t.inject({ method: 'POST', url: '/v1/articles', headers: admin, payload: { headline: '' } });
    expectDocumentedProblem(invalid, 'POST', '/v1/articles', 'VALIDATION_FAILED');
    const malformed = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"headline"',
    });
    expectDocumentedProblem(malformed, 'POST', '/v1/articles', 'MALFORMED_JSON');
    const noKey = await t.inject({ method: 'POST', url: '/v1/articles', payload: { headline: 'No key' } });
    expectDocumentedProblem(noKey, 'POST', '/v1/articles', 'UNAUTHORIZED');
    const absent = await t.inject({
      method: 'GET',
      url: '/v1/articles/019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e',
      headers: admin,
    });
    expectDocumentedProblem(absent, 'GET', '/v1/articles/{id}', 'NOT_FOUND');
  });
});

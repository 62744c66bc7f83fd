import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createTestApp, type TestApp } from './helpers/app.js';
import { addCaption, addRelated } from './helpers/content.js';
import { createArticle, expectProblem, ifMatch } from './helpers/factories.js';
import { createKey, type Role, revokeKey } from './helpers/keys.js';
import {
  type Fixture,
  fixtureValues,
  isWrite,
  type Operation,
  openapiDocument,
  openapiOperations,
  requirement,
  urlFor,
} from './helpers/operations.js';

let t: TestApp;
let operations: Operation[];
let fixture: Fixture;
const callers: Record<string, Record<string, string>> = {};

const RANK: Record<Role, number> = { reader: 1, editor: 2, admin: 3 };

beforeAll(async () => {
  t = await createTestApp();
  operations = await openapiOperations(t);

  const reader = await createKey(t, 'reader');
  const editor = await createKey(t, 'editor');
  const adminKey = await createKey(t, 'admin');
  const revoked = await createKey(t, 'admin');
  await revokeKey(t, revoked.id);
  const disposable = await createKey(t, 'reader', 'revoked by the matrix');
  Object.assign(callers, {
    'no key': {},
    'malformed header': { authorization: 'Basic dXNlcjpwYXNz' },
    'empty bearer': { authorization: 'Bearer ' },
    'unknown key': { authorization: 'Bearer cms_thisKeyWasNeverIssuedByThisServer0000000000' },
    'revoked key': revoked.headers,
    reader: reader.headers,
    editor: editor.headers,
    admin: adminKey.headers,
  });

  const story = await createArticle(t, { headline: 'Matrix story' });
  const other = await createArticle(t, { headline: 'Matrix other story' });
  const caption = await addCaption(t, story);
  await addRelated(t, story, other);
  const trashed = await createArticle(t, { headline: 'Matrix trashed story' });
  expect(
    (await t.inject({ method: 'DELETE', url: `/v1/articles/${trashed.id}`, headers: ifMatch(trashed.etag) }))
      .statusCode,
  ).toBe(204);
  expect(
    (
      await t.inject({
        method: 'POST',
        url: `/v1/articles/${story.id}/publish`,
        headers: ifMatch(story.etag),
        payload: {},
      })
    ).statusCode,
  ).toBe(200);
  fixture = {
    articleId: story.id,
    slug: story.slug,
    captionId: caption.id,
    relatedArticleId: other.id,
    trashedId: trashed.id,
    apiKeyId: disposable.id,
  };
});
afterAll(async () => {
  await t?.close();
});

/** Reads whose credential is a token in the path (preview links): open to anyone, keys or not, PUBLIC_READ or not. */
const TOKEN_IN_PATH = /^\/v1\/preview\/\{token\}/;

type Expected = 'allowed' | 401 | 403;

function expectedFor(operation: Operation, caller: string): Expected {
  const needs = requirement(operation);
  if (needs.open) return 'allowed';
  if (caller === 'no key') return needs.anonymous ? 'allowed' : 401;
  if (!(caller in RANK)) return 401;
  return RANK[caller as Role] >= RANK[needs.role] ? 'allowed' : 403;
}

/**
 * A plausible request: real ids in the path, a minimal body, and a stale If-Match, so an allowed
 * write is refused for its content (400/412/...) and the shared fixture stays as it is.
 */
function call(operation: Operation, headers: Record<string, string>) {
  return t.inject({
    method: operation.method as 'GET',
    url: urlFor(operation, fixtureValues(fixture)),
    headers: { ...headers, ...(isWrite(operation) && { 'if-match': '"v999999"' }) },
    ...(operation.hasBody && { payload: {} }),
  });
}

describe('the OpenAPI document', () => {
  it('declares the bearer scheme', async () => {
    const document = await openapiDocument(t);
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
  });

  it('gives every operation a security requirement naming only bearerAuth, and every write a role', () => {
    for (const operation of operations) {
      expect(Array.isArray(operation.security), operation.operationId).toBe(true);
      for (const alternative of operation.security) {
        expect(
          Object.keys(alternative).every((scheme) => scheme === 'bearerAuth'),
          operation.operationId,
        ).toBe(true);
      }
      if (isWrite(operation)) {
        const needs = requirement(operation);
        expect({ op: operation.operationId, anonymous: needs.anonymous, role: needs.role }).toEqual({
          op: operation.operationId,
          anonymous: false,
          role: expect.stringMatching(/^(editor|admin)$/),
        });
      }
    }
    const open = operations.filter((operation) => requirement(operation).open).map((operation) => operation.path);
    expect(open.filter((path) => path.startsWith('/v1/') && !TOKEN_IN_PATH.test(path))).toEqual([]);
  });

  it('documents 401 and 403 on exactly the operations that can answer them', () => {
    for (const operation of operations) {
      const statuses = Object.keys(callers).map((caller) => expectedFor(operation, caller));
      expect({
        op: operation.operationId,
        401: '401' in operation.responses,
        403: '403' in operation.responses,
      }).toEqual({
        op: operation.operationId,
        401: statuses.includes(401),
        403: statuses.includes(403),
      });
      const headers = (status: string) =>
        Object.keys((operation.responses[status] as { headers?: object } | undefined)?.headers ?? {});
      if (statuses.includes(401)) expect(headers('401'), operation.operationId).toContain('WWW-Authenticate');
      if ('429' in operation.responses) expect(headers('429'), operation.operationId).toContain('Retry-After');
    }
  });
});

describe('role × endpoint matrix', () => {
  it('answers every operation for every caller as its security says', async () => {
    const mismatches: string[] = [];
    for (const operation of operations) {
      for (const [caller, headers] of Object.entries(callers)) {
        const expected = expectedFor(operation, caller);
        const response = await call(operation, headers);
        const where = `${operation.operationId} (${operation.method} ${operation.path}) as ${caller}`;
        if (expected === 'allowed') {
          if ([401, 403].includes(response.statusCode) || response.statusCode >= 500) {
            mismatches.push(`${where}: expected access, got ${response.statusCode} ${response.body.slice(0, 200)}`);
          }
          continue;
        }
        if (response.statusCode !== expected) {
          mismatches.push(`${where}: expected ${expected}, got ${response.statusCode}`);
          continue;
        }
        const problem = expectProblem(response, expected, expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN');
        if (expected === 403) {
          const needs = requirement(operation).role;
          const article = caller === 'reader' ? 'a' : 'an';
          expect(problem.detail, where).toBe(
            `This needs the ${needs} role; the key presented is ${article} ${caller} key.`,
          );
        }
        if (expected === 401) {
          const challenge = caller === 'no key' ? 'Bearer realm="cms"' : 'Bearer realm="cms", error="invalid_token"';
          expect(response.headers['www-authenticate'], where).toBe(challenge);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('names the key in plain English: a reader key, an editor key', async () => {
    const keys = await t.inject({ method: 'GET', url: '/v1/api-keys', headers: callers.editor });
    expect(expectProblem(keys, 403, 'FORBIDDEN').detail).toBe(
      'This needs the admin role; the key presented is an editor key.',
    );
    const write = await t.inject({ method: 'POST', url: '/v1/articles', headers: callers.reader, payload: {} });
    expect(expectProblem(write, 403, 'FORBIDDEN').detail).toBe(
      'This needs the editor role; the key presented is a reader key.',
    );
  });

  it('refuses before reading the body: a reader gets 403, not 400, for an invalid body', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { ...callers.reader, 'content-type': 'application/json' },
      payload: '{not json',
    });
    expectProblem(response, 403, 'FORBIDDEN');
  });

  it('ignores keys on open endpoints and serves the docs without one', async () => {
    expect((await t.inject({ method: 'GET', url: '/health', headers: callers['unknown key'] })).statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });
});

describe('PUBLIC_READ=false', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await createTestApp({ PUBLIC_READ: 'false' });
  });
  afterAll(async () => {
    await closed?.close();
  });

  it('needs a key for every read, and says so in the document', async () => {
    const versioned = (await openapiOperations(closed)).filter(
      (operation) => operation.path.startsWith('/v1/') && !TOKEN_IN_PATH.test(operation.path),
    );
    expect(versioned.length).toBeGreaterThan(0);
    for (const operation of versioned) {
      expect(requirement(operation).anonymous, operation.operationId).toBe(false);
      const response = await closed.inject({
        method: operation.method as 'GET',
        url: urlFor(operation, () => undefined),
      });
      expectProblem(response, 401, 'UNAUTHORIZED');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="cms"');
    }
  });

  it('serves a reader key, and keeps health and docs open', async () => {
    const reader = await createKey(closed, 'reader');
    expect((await closed.inject({ method: 'GET', url: '/v1/articles', headers: reader.headers })).statusCode).toBe(200);
    expect((await closed.inject({ method: 'GET', url: '/v1/articles', headers: admin })).statusCode).toBe(200);
    for (const url of ['/health', '/ready', '/openapi.json', '/docs/']) {
      expect((await closed.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });
});

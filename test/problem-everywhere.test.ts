import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { admin, listeningTestApp } from './helpers/app.js';
import { createArticle, expectProblem } from './helpers/factories.js';

/** What the router and Node's HTTP parser refuse is problem+json too, with the right status and words. */
const served = listeningTestApp();

/** A raw request, so nothing on the client side normalises the URL or the headers. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: any }> {
  const { port } = new URL(served.base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { ...admin, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: JSON.parse(text) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('URLs the router refuses', () => {
  it('malformed percent-encoding is a 400 problem with code BAD_URL', async () => {
    const response = await served.t.inject({ method: 'GET', url: '/v1/articles/%E0%A4%A', headers: admin });
    const body = expectProblem(response, 400, 'BAD_URL');
    expect(body.detail).toMatch(/percent-encoding/);
    expect(response.headers['x-request-id']).toBe(body.instance.replace('urn:uuid:', ''));
    const overSocket = await raw('/v1/articles/slug/%ZZ');
    expect(overSocket.status).toBe(400);
    expect(overSocket.type).toMatch(/^application\/problem\+json/);
  });

  it('a slug of 101 to 200 characters is looked up (200 or 404), not refused with 414', async () => {
    const slug = `long-${'a'.repeat(190)}`;
    const story = await createArticle(served.t, { headline: 'A story with a very long slug', slug });
    const found = await served.t.inject({ method: 'GET', url: `/v1/articles/slug/${slug}`, headers: admin });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().id).toBe(story.id);
    expectProblem(
      await served.t.inject({ method: 'GET', url: `/v1/articles/slug/${'b'.repeat(150)}`, headers: admin }),
      404,
      'NOT_FOUND',
    );
  });

  it('a slug over 200 characters is a 400 naming params.slug', async () => {
    const body = expectProblem(
      await served.t.inject({ method: 'GET', url: `/v1/articles/slug/${'c'.repeat(201)}`, headers: admin }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.errors[0].path).toBe('params.slug');
  });

  it('a path segment over 1000 characters is a 414 problem', async () => {
    const response = await served.t.inject({
      method: 'GET',
      url: `/v1/articles/slug/${'d'.repeat(1001)}`,
      headers: admin,
    });
    expectProblem(response, 414, 'URI_TOO_LONG');
  });
});

describe('requests Node refuses before Fastify', () => {
  it('headers over 16 KB are a 431 problem', async () => {
    const response = await raw('/v1/articles', { 'x-padding': 'p'.repeat(20_000) });
    expect(response.status).toBe(431);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(response.body.instance).toMatch(/^urn:uuid:/);
  });
});

describe('POST /v1/imports with the wrong content type', () => {
  it('says to send text/plain, not application/json', async () => {
    const response = await served.t.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: admin,
      payload: { headline: 'JSON' },
    });
    const body = expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(body.detail).toMatch(/^Send the body as text\/plain/);
    expect(body.detail).not.toContain('Send the body as application/json');
  });
});

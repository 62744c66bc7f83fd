import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { admin } from './app.js';

/** A story shaped like a wire-agency piece, in our own words. */
export function storyInput(overrides: Record<string, unknown> = {}) {
  return {
    headline: 'Ceasefire talks stall as border vote nears',
    summary: 'Nine hours of talks in Geneva end without agreement.',
    body: '<p>Negotiators from both capitals left Geneva on Friday without a deal.</p>\n<p>Both sides said they would meet again after Sunday’s vote.</p>',
    byline: 'Mara Lindqvist',
    source: 'Harbour Wire',
    section: 'World',
    tags: ['diplomacy', 'border'],
    language: 'en',
    ...overrides,
  };
}

export interface CreatedArticle {
  id: string;
  slug: string;
  version: number;
  etag: string;
  [key: string]: unknown;
}

export async function createArticle(t: TestApp, overrides: Record<string, unknown> = {}): Promise<CreatedArticle> {
  const response = await t.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: admin,
    payload: storyInput(overrides),
  });
  expect(response.statusCode, response.body).toBe(201);
  return { ...response.json(), etag: response.headers.etag as string };
}

/** Headers for a write: the admin key and If-Match with the given ETag. */
export const ifMatch = (etag: string) => ({ ...admin, 'if-match': etag });

export function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): any },
  status: number,
  code?: string,
) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.instance).toMatch(/^urn:uuid:/);
  if (code) expect(body.code).toBe(code);
  return body;
}

/** PATCHes a story with its ETag; the PATCH must succeed, and the story object takes the new state. */
export async function patchStory(t: TestApp, story: CreatedArticle, payload: Record<string, unknown>) {
  const response = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${story.id}`,
    headers: ifMatch(story.etag),
    payload,
  });
  expect(response.statusCode, response.body).toBe(200);
  Object.assign(story, response.json(), { etag: response.headers.etag });
}

import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { admin } from './app.js';
import { type CreatedArticle, createArticle, ifMatch } from './factories.js';

/** The article as the newsroom reads it now, with its current ETag. */
export async function readArticle(t: TestApp, id: string): Promise<CreatedArticle> {
  const response = await t.inject({ method: 'GET', url: `/v1/articles/${id}`, headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return { ...response.json(), etag: response.headers.etag as string };
}

/** Every article id the newsroom can list, newest first (one page of up to 100). */
export async function listedIds(t: TestApp): Promise<string[]> {
  const response = await t.inject({ method: 'GET', url: '/v1/articles?limit=100', headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().data as Array<{ id: string }>).map((a) => a.id);
}

/** A caption body in our own words. */
export function captionInput(overrides: Record<string, unknown> = {}) {
  return {
    text: 'Delegates leave the conference hall in Geneva after the final session, March 7, 2025',
    credit: 'Harbour Wire/Ines Calder',
    imageUrl: 'https://images.example.com/geneva/hall.jpg',
    altText: 'People in coats walk down a wide staircase',
    location: 'Geneva, Switzerland',
    takenAt: '2025-03-07T17:45:00.000Z',
    ...overrides,
  };
}

/** Adds a caption through the API; returns the caption and the article's new ETag. */
export async function addCaption(
  t: TestApp,
  article: { id: string; etag: string },
  overrides: Record<string, unknown> = {},
) {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/articles/${article.id}/captions`,
    headers: ifMatch(article.etag),
    payload: captionInput(overrides),
  });
  expect(response.statusCode, response.body).toBe(201);
  article.etag = response.headers.etag as string;
  return response.json() as { id: string; position: number; text: string };
}

/** Links `target` from `article` through the API, keeping `article.etag` current. */
export async function addRelated(
  t: TestApp,
  article: { id: string; etag: string },
  target: { id: string },
  extra: Record<string, unknown> = {},
) {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/articles/${article.id}/related`,
    headers: ifMatch(article.etag),
    payload: { articleId: target.id, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  article.etag = response.headers.etag as string;
  return response.json() as { id: string; rel: string; position: number };
}

/** A correction, a clarification and an update note, in that order, keeping `article.etag` current. */
export async function addNoteOfEachKind(t: TestApp, article: { id: string; etag: string }) {
  for (const [kind, text] of [
    ['correction', 'The talks lasted nine hours, not six.'],
    ['clarification', 'Geneva, not Lausanne.'],
    ['update', 'Adds reactions.'],
  ]) {
    const response = await t.inject({
      method: 'POST',
      url: `/v1/articles/${article.id}/corrections`,
      headers: ifMatch(article.etag),
      payload: { kind, text },
    });
    expect(response.statusCode, response.body).toBe(201);
    article.etag = response.headers.etag as string;
  }
}

/** `count` stories whose headlines share a prefix, created in order. */
export async function createStories(t: TestApp, prefix: string, count: number): Promise<CreatedArticle[]> {
  const stories: CreatedArticle[] = [];
  for (let n = 1; n <= count; n++) stories.push(await createArticle(t, { headline: `${prefix} ${n}` }));
  return stories;
}

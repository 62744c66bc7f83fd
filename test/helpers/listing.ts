import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { admin } from './app.js';
import { type CreatedArticle, createArticle, ifMatch } from './factories.js';
import { step } from './publishing.js';

export type Headers = Record<string, string>;

/** GET /v1/articles with a query string; the response must be a 200. */
export async function list(t: TestApp, query: string, headers: Headers = admin) {
  const response = await t.inject({ method: 'GET', url: `/v1/articles?${query}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { data: Array<Record<string, any> & { id: string }>; nextCursor: string | null };
}

export const idsOf = async (t: TestApp, query: string, headers: Headers = admin) =>
  (await list(t, query, headers)).data.map((a) => a.id);

/** Every page of a list, following nextCursor, as one array of ids. */
export async function walk(
  t: TestApp,
  query: string,
  headers: Headers = admin,
  between?: (page: number) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const body = await list(t, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers);
    ids.push(...body.data.map((a) => a.id));
    cursor = body.nextCursor;
    if (!cursor) return ids;
    await between?.(page);
  }
  throw new Error('more than 200 pages');
}

/** A story published through the workflow, then given an exact publication time (as an editor may). */
export async function publishedStory(
  t: TestApp,
  publishedAt: string,
  overrides: Record<string, unknown> = {},
): Promise<CreatedArticle> {
  const story = await createArticle(t, overrides);
  await step(t, story, 'publish');
  const response = await t.inject({
    method: 'PATCH',
    url: `/v1/articles/${story.id}`,
    headers: ifMatch(story.etag),
    payload: { publishedAt },
  });
  expect(response.statusCode, response.body).toBe(200);
  return { ...response.json(), etag: response.headers.etag as string };
}

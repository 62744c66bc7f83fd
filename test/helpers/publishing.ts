import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { admin } from './app.js';
import { type CreatedArticle, createArticle, ifMatch } from './factories.js';

export type WorkflowAction = 'publish' | 'unpublish' | 'archive';

/** POSTs a workflow action with the story's ETag; on success the story object takes the new state. */
export async function transition(t: TestApp, story: CreatedArticle, action: WorkflowAction, body?: { at: string }) {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/articles/${story.id}/${action}`,
    headers: ifMatch(story.etag),
    ...(body && { payload: body }),
  });
  if (response.statusCode === 200) Object.assign(story, response.json(), { etag: response.headers.etag as string });
  return response;
}

/** Like transition, but the step must succeed. */
export async function step(
  t: TestApp,
  story: CreatedArticle,
  action: WorkflowAction,
  body?: { at: string },
): Promise<CreatedArticle> {
  const response = await transition(t, story, action, body);
  expect(response.statusCode, response.body).toBe(200);
  return story;
}

/** A story created through the API and brought into a status; `scheduled` goes live at `future`. */
export async function storyWithStatus(
  t: TestApp,
  status: 'draft' | 'scheduled' | 'published' | 'archived',
  future: string,
  overrides: Record<string, unknown> = {},
): Promise<CreatedArticle> {
  const story = await createArticle(t, overrides);
  if (status === 'published') await step(t, story, 'publish');
  if (status === 'scheduled') await step(t, story, 'publish', { at: future });
  if (status === 'archived') await step(t, story, 'archive');
  expect(story.status).toBe(status);
  return story;
}

/** GET an article as the public (no key) or the newsroom (admin key). */
export const readAs = (t: TestApp, who: 'public' | 'newsroom', url: string) =>
  t.inject({ method: 'GET', url, headers: who === 'newsroom' ? admin : {} });

/** The revision actions of a story, oldest first, straight from the database. */
export async function revisionActions(
  t: TestApp,
  articleId: string,
): Promise<Array<{ version: number; action: string; actor: string | null }>> {
  const rows = await t.app.database.prisma.revision.findMany({ where: { articleId }, orderBy: { version: 'asc' } });
  return rows.map((r) => ({ version: r.version, action: r.action, actor: r.actor }));
}

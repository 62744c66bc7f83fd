import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/client.js';
import { cacheTag } from '../../lib/cache-tags.js';
import { PROBLEM_CONTENT_TYPE } from '../../lib/problem.js';
import { problemBody } from '../../plugins/errors.js';
import { findKilled, type GoneStory } from './gone.repository.js';

/** What a 410 says when the newsroom gave no notice. */
const DEFAULT_NOTICE = 'This story has been removed.';

/** Killed stories, found by any id or slug the public may ask for. */
export class GoneStories {
  constructor(private readonly prisma: Db) {}

  find(where: { id: string } | { slug: string }): Promise<GoneStory | null> {
    return findKilled(this.prisma, where);
  }
}

const storyOf = (request: FastifyRequest): { id: string } | { slug: string } | null => {
  const params = request.params as { id?: unknown; slug?: unknown } | undefined;
  if (typeof params?.id === 'string') return { id: params.id };
  if (typeof params?.slug === 'string') return { slug: params.slug };
  return null;
};

/**
 * A public read of a killed story answers 410 Gone instead of 404, under its id, its slug and every
 * slug it had, in every format and on every part: the public rule (lib/visibility.ts) already hides
 * it, so only a 404 is looked at again, and public reads of live stories cost nothing more. CDNs may
 * keep the 410 as long as a published story (it names the story's cache tags, so an unkill's purge
 * reaches it).
 */
export const gonePlugin = fp(async function gonePlugin(app: FastifyInstance) {
  async function goneInstead(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    if (reply.statusCode !== 404 || !request.routeOptions.config.delivery || request.viewer?.newsroom) return payload;
    const where = request.routeOptions.url?.startsWith('/v1/articles/') ? storyOf(request) : null;
    if (!where) return payload;
    let story: GoneStory | null;
    try {
      story = await app.services.goneStories.find(where);
    } catch (error) {
      request.log.warn({ err: error }, 'could not tell whether the story was killed');
      return payload;
    }
    if (!story) return payload;
    const slugs = [story.slug, ...story.retiredSlugs.map((s) => s.slug)];
    reply.keptLikeDelivered({ cacheTags: [cacheTag.article(story.id), ...slugs.map(cacheTag.slug)] });
    reply.code(410).type(PROBLEM_CONTENT_TYPE);
    return problemBody(request.id, 'ARTICLE_GONE', story.killNotice ?? DEFAULT_NOTICE, {
      articleId: story.id,
      ...(story.killNotice && { notice: story.killNotice }),
    });
  }
  app.addHook('onSend', goneInstead);
});

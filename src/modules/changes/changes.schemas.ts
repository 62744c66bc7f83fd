import { z } from 'zod';
import { IdSchema, InstantSchema, MAX_DB_INT, SlugSchema, VersionSchema } from '../../lib/zod-atoms.js';
import { EVENT_TYPES } from '../outbox/change-event.js';

export const EventTypeSchema = z.enum(EVENT_TYPES).meta({
  id: 'EventType',
  description:
    'created; updated (any edit, caption, link, correction, schedule, restore); published; unpublished; archived; deleted (trashed or purged)',
});

export const ChangeSchema = z
  .object({
    id: IdSchema.meta({
      description: 'The event id (the same in the change feed and in every webhook delivery of it)',
    }),
    sequence: z.number().int().min(1).max(MAX_DB_INT).meta({
      description: 'Position in the change feed: increases in commit order, per article in version order',
      example: 42,
    }),
    type: EventTypeSchema,
    action: z.string().meta({ description: 'The precise change, as in the revision history', example: 'published' }),
    occurredAt: InstantSchema,
    article: z
      .object({
        id: IdSchema,
        version: VersionSchema,
        slug: SlugSchema,
        status: z.string().meta({ example: 'published' }),
        changedFields: z.array(z.string()).meta({ example: ['status', 'publishedAt'] }),
      })
      .meta({ id: 'ChangeArticle', description: 'The story as this change left it' }),
    public: z.boolean().meta({ description: 'Whether the public can read the story after this change' }),
    slugs: z
      .array(SlugSchema)
      .meta({ description: 'Every slug the story was served under: current, previous, retired' }),
    urls: z.array(z.string()).meta({
      description: 'Every API path the story was served under (by id and by each slug), relative to the API’s base URL',
      example: ['/v1/articles/019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10', '/v1/articles/slug/crimea-vote-looms'],
    }),
    cacheTags: z.array(z.string()).meta({
      description:
        'Cache tags (Surrogate-Key) to purge: `article:<id>`, `slug:<slug>`, `section:<name>`, `tag:<name>`, `list:articles`',
      example: [
        'article:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10',
        'slug:crimea-vote-looms',
        'section:Europe',
        'tag:Crimea',
        'list:articles',
      ],
    }),
  })
  .meta({ id: 'Change', description: 'One change to a story: a change-feed entry and the body of a webhook delivery' });

export const ChangesQuerySchema = z.strictObject({
  after: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'A `nextCursor` from an earlier page; absent: from the beginning' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: 'Changes per page, 1 to 1000' }),
});

export const ChangeFeedSchema = z
  .object({
    data: z.array(ChangeSchema),
    nextCursor: z.string().meta({
      description: 'Pass as `after` to read on; returned even when `data` is empty, so a consumer can poll from it',
    }),
    hasMore: z.boolean().meta({ description: 'More changes are ready now: ask again at once' }),
  })
  .meta({ id: 'ChangeFeed' });

export type ChangeFeed = z.infer<typeof ChangeFeedSchema>;

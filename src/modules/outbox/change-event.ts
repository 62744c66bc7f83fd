import type { Prisma } from '../../db/generated/sqlite/client.js';
import { cacheTag, cacheTagsFor } from '../../lib/cache-tags.js';
import { newId } from '../../lib/ids.js';
import { isPublic, publicDuring } from '../../lib/visibility.js';

/** The event types webhooks subscribe to; every workflow action maps onto one of them. */
export const EVENT_TYPES = [
  'article.created',
  'article.updated',
  'article.published',
  'article.unpublished',
  'article.archived',
  'article.deleted',
  'article.killed',
  'article.unkilled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const TYPE_OF_ACTION: Record<string, EventType> = {
  created: 'article.created',
  imported: 'article.created',
  published: 'article.published',
  // The public can read it from now on: for a frontend, the moment it is published.
  embargo_lifted: 'article.published',
  unpublished: 'article.unpublished',
  archived: 'article.archived',
  trashed: 'article.deleted',
  purged: 'article.deleted',
  killed: 'article.killed',
  unkilled: 'article.unkilled',
};

/** Outbox rows are typed `article.<action>`; everything not named above is an update. */
export const actionOf = (outboxType: string): string => outboxType.replace(/^article\./, '');
export const eventTypeOf = (outboxType: string): EventType => TYPE_OF_ACTION[actionOf(outboxType)] ?? 'article.updated';

/** What a change event reads of a story (an Article has all of it): the outbox knows no more of articles. */
export interface ChangedStory {
  id: string;
  slug: string;
  status: string;
  version: number;
  section: string | null;
  tags: string[];
  embargoedUntil: string | null;
  unpublishAt: string | null;
  /** The instant of the write that made this state (a state before a change held from then on). */
  updatedAt: string;
  related: Array<{ id: string }>;
}

/** A story as one side of a change: what it was (or is), whether it was in the trash. */
export interface StoryState {
  article: ChangedStory;
  deleted: boolean;
}

/** What the outbox stores about a change: enough to purge caches and indexes without another read. */
interface OutboxFacts {
  id: string;
  slug: string;
  status: string;
  changedFields: string[];
  /** Every slug the story answered to: now, before this change, and retired ones. */
  slugs?: string[];
  /** The slugs the public could have seen (for the public feed). */
  publicSlugs?: string[];
  sections?: string[];
  tags?: string[];
  /** The sections and tags of the sides the public could see (for the public feed). */
  publicSections?: string[];
  publicTags?: string[];
  public?: boolean;
  /** Public before or after the change: the feeds and the news sitemap showed or now show it. */
  inFeeds?: boolean;
  /** The stories it linked to before or after: their referenced-by lists show it. */
  linked?: string[];
}

const factsOf = ({ article, deleted }: StoryState, now: Date) => ({ ...article, deletedAt: deleted ? now : null });

/**
 * Whether the public could see the state before a change: at any instant from the write that made
 * it until this change (the clock may have lifted its embargo or passed its unpublishAt since).
 */
const wasPublicBefore = (state: StoryState | null, now: Date): boolean =>
  state !== null && publicDuring(factsOf(state, now), new Date(state.article.updatedAt), now);

const distinct = (values: Array<string | null | undefined>): string[] => [
  ...new Set(values.filter((v): v is string => typeof v === 'string' && v !== '')),
];

const FEED_TAGS = [cacheTag.feed('rss'), cacheTag.feed('atom'), cacheTag.feed('news-sitemap')];

export interface ChangeFacts {
  action: string;
  before: StoryState | null;
  after: StoryState;
  changedFields: string[];
  retiredSlugs: string[];
  now: Date;
}

/** The outbox row for a change, written in the change's own transaction. */
export function outboxEventRow(facts: ChangeFacts): Prisma.OutboxEventUncheckedCreateInput {
  const { action, before, after, now } = facts;
  const story = after.article;
  const wasPublic = wasPublicBefore(before, now);
  const nowPublic = isPublic(factsOf(after, now), now);
  const publicSides = [...(wasPublic && before ? [before.article] : []), ...(nowPublic ? [story] : [])];
  const slugs = distinct([story.slug, before?.article.slug, ...facts.retiredSlugs]);
  // Taken off public view together with a slug change: the new slug was never public.
  const publicSlugs = nowPublic
    ? slugs
    : wasPublic
      ? slugs.filter((s) => s !== story.slug || s === before?.article.slug)
      : [];
  const payload: OutboxFacts = {
    id: story.id,
    slug: story.slug,
    status: story.status,
    changedFields: facts.changedFields,
    slugs,
    publicSlugs,
    sections: distinct([story.section, before?.article.section]),
    tags: distinct([...story.tags, ...(before?.article.tags ?? [])]),
    publicSections: distinct(publicSides.map((side) => side.section)),
    publicTags: distinct(publicSides.flatMap((side) => side.tags)),
    public: nowPublic,
    inFeeds: wasPublic || nowPublic,
    linked: distinct([...story.related, ...(before?.article.related ?? [])].map((link) => link.id)),
  };
  return {
    id: newId(),
    type: `article.${action}`,
    articleId: story.id,
    version: story.version,
    payload: JSON.stringify(payload),
    createdAt: now,
    inPublicFeed: wasPublic || nowPublic,
  };
}

/** An outbox row as read back, for the feed and webhook deliveries. */
export type OutboxRow = {
  id: string;
  type: string;
  articleId: string;
  version: number;
  payload: string;
  createdAt: Date;
  sequence: number | null;
};

/** One change as the feed and webhooks show it. `audience: 'public'` shows only what was public. */
export function toChange(row: OutboxRow, audience: 'newsroom' | 'public') {
  const facts = JSON.parse(row.payload) as OutboxFacts;
  // Events written before the feed existed carry only id, slug and status.
  const allSlugs = facts.slugs ?? [facts.slug];
  const shown = audience === 'public';
  const slugs = shown ? (facts.publicSlugs ?? allSlugs) : allSlugs;
  const sections = (shown ? facts.publicSections : undefined) ?? facts.sections ?? [];
  const tags = (shown ? facts.publicTags : undefined) ?? facts.tags ?? [];
  return {
    id: row.id,
    sequence: row.sequence ?? 0,
    type: eventTypeOf(row.type),
    action: actionOf(row.type),
    occurredAt: row.createdAt.toISOString(),
    article: {
      id: row.articleId,
      version: row.version,
      slug: slugs.includes(facts.slug) ? facts.slug : (slugs[0] ?? facts.slug),
      status: facts.status,
      changedFields: facts.changedFields ?? [],
    },
    public: facts.public ?? facts.status === 'published',
    slugs,
    urls: [`/v1/articles/${row.articleId}`, ...slugs.map((slug) => `/v1/articles/slug/${slug}`)],
    cacheTags: [
      ...cacheTagsFor({ id: row.articleId, slugs, sections, tags }),
      ...(facts.inFeeds ? FEED_TAGS : []),
      // A linked story may be one the public must not hear of.
      ...(audience === 'newsroom' ? (facts.linked ?? []).map((id) => cacheTag.part('referenced-by', id)) : []),
    ],
  };
}

export type Change = ReturnType<typeof toChange>;

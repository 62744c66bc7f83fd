import {
  ARTICLES,
  CAPTIONS,
  IMPORTED_STORIES,
  insertRows,
  OUTBOX_EVENTS,
  PENDING_RELATED,
  RELATED_LINKS,
  REVISIONS,
  SEARCH_DOCUMENTS,
} from '../../db/bulk-insert.js';
import type { Dialect, Tx } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { captionData, insertLinks, makeRoomAt, newArticleRow } from '../articles/article-aggregate.repository.js';
import { changeArticle, changedFields, revisionRows, type WriteContext } from '../articles/article-writer.js';
import { findArticlesForSnapshot, toArticle } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import { assignSlugs } from '../articles/batch-slugs.js';
import { searchDocumentOf } from '../search/search-index.repository.js';
import type { RelatedTitle } from '../story-format/story-preparation.js';
import {
  deletePending,
  findByHeadlineKeys,
  findWaitingFor,
  knownImportKeys,
  linkExists,
} from './imports.repository.js';
import type { ImportStatus, StoryDating } from './imports.schemas.js';
import { type DatedStory, publishedAtOf } from './story-dating.js';

/** A story by id and slug, for summaries. */
export interface StoryRef {
  id: string;
  slug: string;
}

export type WriteOutcome =
  /** `linked`: earlier stories that named this one and got their link to it (a new version each). */
  | { outcome: 'imported'; article: Article; unresolved: RelatedTitle[]; linked: StoryRef[] }
  | { outcome: 'skipped'; articleId: string };

/** What the new stories become: their status, and how they are dated. */
export interface WritePlan {
  status: ImportStatus;
  dating: StoryDating;
}

interface NewStory {
  story: DatedStory;
  id: string;
  links: Array<{ targetId: string; position: number }>;
  unresolved: RelatedTitle[];
}

/**
 * Writes prepared stories inside the caller's transaction with a handful of set-based statements
 * per batch rather than per story, with the outcome of writing them one after another: each story
 * sees the ones before it (in the database or earlier in the batch), gets version 1 with a
 * "created" revision and outbox event, and earlier stories waiting for its headline get their link
 * as a change of their own (changeArticle: version bump, revision).
 */
export class BatchWriter {
  constructor(
    private readonly ctx: WriteContext,
    private readonly dialect: Dialect,
  ) {}

  async write(tx: Tx, stories: DatedStory[], plan: WritePlan, attempt = 1): Promise<WriteOutcome[]> {
    const known = await knownImportKeys(
      tx,
      stories.map((s) => s.importKey),
    );
    const inDatabase = await findByHeadlineKeys(tx, [...new Set(stories.flatMap((s) => s.related.map((t) => t.key)))]);
    const inBatch = new Map<string, string>();
    const fresh: NewStory[] = [];
    const outcomes = stories.map((story): WriteOutcome | NewStory => {
      const present = known.get(story.importKey);
      if (present) return { outcome: 'skipped', articleId: present };
      const id = newId();
      known.set(story.importKey, id);
      const targetOf = (key: string) => inDatabase.get(key) ?? inBatch.get(key);
      const unresolved = story.related.filter((title) => !targetOf(title.key));
      const linked = story.related.filter((title) => targetOf(title.key));
      // Links keep the position of their title in the block, so pending ones can later slot in between.
      const links = linked.map((title, index) => ({
        targetId: targetOf(title.key) as string,
        position: unresolved.length ? title.position : index,
      }));
      if (!inBatch.has(story.headlineKey)) inBatch.set(story.headlineKey, id);
      const entry = { story, id, links, unresolved };
      fresh.push(entry);
      return entry;
    });
    if (!fresh.length) return outcomes as WriteOutcome[];

    const now = this.ctx.now();
    await this.insert(tx, fresh, plan, now, attempt);
    const articles = await this.recordCreation(tx, fresh, now);
    const linked = await this.linkWaitingStories(tx, fresh);
    return outcomes.map((o) =>
      'outcome' in o
        ? o
        : {
            outcome: 'imported',
            article: articles.get(o.id) as Article,
            unresolved: o.unresolved,
            linked: linked.get(o.id) ?? [],
          },
    );
  }

  private async insert(
    tx: Tx,
    fresh: NewStory[],
    { status, dating }: WritePlan,
    now: Date,
    attempt: number,
  ): Promise<void> {
    const slugs = await assignSlugs(
      tx,
      fresh.map((f) => ({ id: f.id, headline: f.story.input.headline })),
      attempt,
    );
    await insertRows(
      tx,
      this.dialect,
      ARTICLES,
      fresh.map(({ story, id }, index) =>
        newArticleRow(id, slugs[index] as string, story.input, now, status, publishedAtOf(story, dating, status, now)),
      ),
    );
    await insertRows(
      tx,
      this.dialect,
      CAPTIONS,
      fresh.flatMap(({ story, id }) =>
        (story.input.captions ?? []).map((c, position) => captionData(id, c, position, now)),
      ),
    );
    await insertRows(
      tx,
      this.dialect,
      RELATED_LINKS,
      fresh.flatMap(({ id, links }) =>
        links.map((l) => ({
          articleId: id,
          relatedArticleId: l.targetId,
          position: l.position,
          rel: 'related',
          createdAt: now,
        })),
      ),
    );
    await insertRows(
      tx,
      this.dialect,
      PENDING_RELATED,
      fresh.flatMap(({ id, unresolved }) =>
        unresolved.map((t) => ({
          articleId: id,
          headlineKey: t.key,
          headline: t.headline,
          position: t.position,
          createdAt: now,
        })),
      ),
    );
    await insertRows(
      tx,
      this.dialect,
      IMPORTED_STORIES,
      fresh.map(({ story, id }) => ({
        importKey: story.importKey,
        articleId: id,
        headlineKey: story.headlineKey,
        createdAt: now,
      })),
    );
  }

  /** Version 1 of each new article: its snapshot, read back as every other write reads it. */
  private async recordCreation(tx: Tx, fresh: NewStory[], now: Date): Promise<Map<string, Article>> {
    const rows = await findArticlesForSnapshot(
      tx,
      fresh.map((f) => f.id),
      now,
    );
    const articles = new Map(rows.map((row) => [row.id, toArticle(row)]));
    const records = fresh.map(({ id }) => {
      const article = articles.get(id) as Article;
      return revisionRows(this.ctx, article, 'created', changedFields({}, article), now);
    });
    await insertRows(
      tx,
      this.dialect,
      REVISIONS,
      records.map((r) => r.revision),
    );
    await insertRows(
      tx,
      this.dialect,
      OUTBOX_EVENTS,
      records.map((r) => r.event),
    );
    await insertRows(
      tx,
      this.dialect,
      SEARCH_DOCUMENTS,
      [...articles.values()].map((a) => ({ ...searchDocumentOf(a.id, a) })),
    );
    return articles;
  }

  /**
   * Each earlier story that named one of these headlines gets its link now, as a change with its
   * own revision. Returns, per new story, the stories that were linked to it.
   */
  private async linkWaitingStories(tx: Tx, fresh: NewStory[]): Promise<Map<string, StoryRef[]>> {
    const linked = new Map<string, StoryRef[]>();
    const firstWithKey = new Map<string, string>();
    for (const { story, id } of fresh)
      if (!firstWithKey.has(story.headlineKey)) firstWithKey.set(story.headlineKey, id);
    // A story waiting for several of these headlines changes once per link: track its version.
    const versions = new Map<string, number>();
    for (const waiting of await findWaitingFor(tx, [...firstWithKey.keys()])) {
      const { articleId, headlineKey, position } = waiting;
      const targetId = firstWithKey.get(headlineKey) as string;
      if (articleId === targetId || (await linkExists(tx, articleId, targetId))) {
        await deletePending(tx, articleId, headlineKey);
        continue;
      }
      const { article } = await changeArticle(
        this.ctx,
        {
          articleId,
          expectedVersion: versions.get(articleId) ?? waiting.article.version,
          action: 'related_added',
          apply: async (inner, _before, at) => {
            await deletePending(inner, articleId, headlineKey);
            await makeRoomAt(inner, articleId, position);
            await insertLinks(inner, articleId, [{ relatedArticleId: targetId, position, rel: 'related' }], at);
          },
        },
        tx,
      );
      versions.set(articleId, article.version);
      linked.set(targetId, [...(linked.get(targetId) ?? []), { id: article.id, slug: article.slug }]);
    }
    return linked;
  }
}

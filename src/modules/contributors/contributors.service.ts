import { z } from 'zod';
import type { Db, Queryable, Tx } from '../../db/client.js';
import { isForeignKeyViolation, violatesUnique } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { Viewer } from '../../lib/access.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../../lib/errors.js';
import { assertVersion, etagFor } from '../../lib/etag.js';
import { newId } from '../../lib/ids.js';
import { nextFreeSlug, slugFromHeadline } from '../../lib/slug.js';
import { IdSchema } from '../../lib/zod-atoms.js';
import { changeArticle, type WriteContext } from '../articles/article-writer.js';
import { updateArticle } from '../articles/articles.repository.js';
import { bylineKeeping } from '../articles/bylines.js';
import { replaceAuthors } from '../articles/credits.repository.js';
import {
  type ContributorRow,
  contributorSlugsLike,
  contributorSlugTaken,
  creditedStories,
  deleteContributorAt,
  findContributor,
  findContributorBySlug,
  findRetiredContributorSlug,
  insertContributor,
  listContributorPage,
  moveContributorSlug,
  updateContributorAt,
} from './contributors.repository.js';
import type { Contributor, ContributorCreate, ContributorListQuery, ContributorPatch } from './contributors.schemas.js';
import { foldName } from './name-key.js';

/** What the API shows of a contributor: `email` and `notes` only to the newsroom. */
export function toContributor(row: ContributorRow, viewer: Viewer): Contributor {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    shortBio: row.shortBio,
    bio: row.bio,
    imageUrl: row.imageUrl,
    sameAs: JSON.parse(row.sameAs) as string[],
    ...(viewer.newsroom && { email: row.email, notes: row.notes }),
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const visibleTo = (row: ContributorRow | null, viewer: Viewer): row is ContributorRow =>
  row !== null && (row.active || viewer.newsroom);

const CursorSchema = z.strictObject({
  n: z.string().max(400),
  i: IdSchema,
  q: z.string().max(400),
  a: z.enum(['true', 'false', 'any']),
});

const slugTaken = (slug: string) =>
  new ConflictError(`The slug "${slug}" is taken by another contributor`, 'SLUG_TAKEN', { slug });

/** Fields of a create or patch as stored; `undefined` leaves a field as it is. */
function storedFields(input: ContributorPatch) {
  return {
    ...(input.name !== undefined && { name: input.name, nameKey: foldName(input.name) }),
    ...(input.shortBio !== undefined && { shortBio: input.shortBio }),
    ...(input.bio !== undefined && { bio: input.bio }),
    ...(input.imageUrl !== undefined && { imageUrl: input.imageUrl }),
    ...(input.sameAs !== undefined && { sameAs: JSON.stringify(input.sameAs) }),
    ...(input.email !== undefined && { email: input.email }),
    ...(input.notes !== undefined && { notes: input.notes }),
    ...(input.active !== undefined && { active: input.active }),
  };
}

export class ContributorsService {
  private readonly prisma: Db;
  private readonly now: () => Date;

  /** `stories`: how a forced delete changes the stories that credit the contributor. */
  constructor(private readonly stories: WriteContext) {
    this.prisma = stories.prisma;
    this.now = stories.now;
  }

  async create(input: ContributorCreate): Promise<Contributor> {
    const base = input.slug ?? slugFromHeadline(input.name);
    const row = await inTransaction(
      this.prisma,
      async (tx) => {
        if (input.slug !== undefined && (await contributorSlugTaken(tx, input.slug))) throw slugTaken(input.slug);
        const slug = input.slug ?? nextFreeSlug(base, await contributorSlugsLike(tx, base));
        const now = this.now();
        const fields = storedFields(input);
        return insertContributor(tx, {
          id: newId(),
          slug,
          name: input.name,
          nameKey: foldName(input.name),
          ...fields,
          createdAt: now,
          updatedAt: now,
        });
      },
      // A generated slug that lost a race: the next attempt sees the winner's and takes the next one.
      { retry: { attempts: 4, when: (error) => input.slug === undefined && this.slugRace(error) } },
    ).catch((error: unknown) => {
      if (input.slug !== undefined && this.slugRace(error)) throw slugTaken(input.slug);
      throw error;
    });
    return toContributor(row, { newsroom: true });
  }

  private slugRace(error: unknown): boolean {
    return violatesUnique(error, 'contributors', 'slug') || violatesUnique(error, 'contributor_retired_slugs', 'slug');
  }

  private async require(db: Queryable, id: string, viewer: Viewer): Promise<ContributorRow> {
    const row = await findContributor(db, id);
    if (!visibleTo(row, viewer)) throw new NotFoundError(`No contributor ${id}`);
    return row;
  }

  /** A conditional write found the contributor changed (or gone) since it was read in this transaction. */
  private async stale(db: Queryable, id: string): Promise<never> {
    const current = await this.require(db, id, { newsroom: true });
    throw new PreconditionFailedError(current.version, etagFor(current.version), 'contributor');
  }

  async get(id: string, viewer: Viewer): Promise<ContributorRow> {
    return this.require(this.prisma, id, viewer);
  }

  /** By current slug, or the current slug a retired one now redirects to. */
  async bySlug(slug: string, viewer: Viewer): Promise<{ row: ContributorRow } | { movedTo: ContributorRow }> {
    const current = await findContributorBySlug(this.prisma, slug);
    if (visibleTo(current, viewer)) return { row: current };
    const retired = current ? null : await findRetiredContributorSlug(this.prisma, slug);
    const owner = retired ? await findContributor(this.prisma, retired.contributorId) : null;
    if (visibleTo(owner, viewer)) return { movedTo: owner };
    throw new NotFoundError(`No contributor with the slug "${slug}"`);
  }

  async list(query: ContributorListQuery, viewer: Viewer) {
    if (!viewer.newsroom && query.active === false) {
      throw new ValidationError([
        { path: 'querystring.active', message: 'only editor and admin keys may list inactive contributors' },
      ]);
    }
    const active = viewer.newsroom ? (query.active ?? null) : true;
    const word = query.q === undefined ? null : foldName(query.q);
    if (word === '') throw new ValidationError([{ path: 'querystring.q', message: 'must hold a letter or a digit' }]);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, CursorSchema);
    const filters = { q: word ?? '', a: active === null ? 'any' : String(active) };
    if (after && (after.q !== filters.q || after.a !== filters.a)) {
      throw new ValidationError([
        { path: 'querystring.cursor', message: 'was issued for other filters: send the same q and active' },
      ]);
    }
    const rows = await listContributorPage(this.prisma, {
      ...(word !== null && { word }),
      ...(active !== null && { active }),
      ...(after && { after: { nameKey: after.n, id: after.i } }),
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      rows: page,
      nextCursor: rows.length > query.limit && last ? encodeCursor({ n: last.nameKey, i: last.id, ...filters }) : null,
    };
  }

  async update(id: string, expectedVersion: number, patch: ContributorPatch): Promise<ContributorRow> {
    return inTransaction(this.prisma, async (tx) => {
      const row = await this.require(tx, id, { newsroom: true });
      assertVersion(expectedVersion, row.version, 'contributor');
      const fields = storedFields(patch);
      const slug = patch.slug !== undefined && patch.slug !== row.slug ? patch.slug : undefined;
      const changed =
        slug !== undefined || Object.entries(fields).some(([key, value]) => row[key as keyof ContributorRow] !== value);
      if (!changed) return row;
      const now = this.now();
      if (slug !== undefined) {
        if (await contributorSlugTaken(tx, slug, id)) throw slugTaken(slug);
        await moveContributorSlug(tx, id, row.slug, slug, now);
      }
      const written = await updateContributorAt(tx, id, row.version, {
        ...fields,
        ...(slug !== undefined && { slug }),
        version: row.version + 1,
        updatedAt: now,
      });
      if (!written) await this.stale(tx, id);
      return this.require(tx, id, { newsroom: true });
    }).catch((error: unknown) => {
      if (patch.slug !== undefined && this.slugRace(error)) throw slugTaken(patch.slug);
      throw error;
    });
  }

  /**
   * Deletes a contributor no story credits. `force` (admin) first takes their credits off each story
   * that has them, as a change of that story (a new version and revision), keeping them in its
   * byline as plain text; all in one transaction with the delete.
   */
  async remove(id: string, expectedVersion: number, force: boolean): Promise<void> {
    await inTransaction(
      this.prisma,
      async (tx) => {
        const row = await this.require(tx, id, { newsroom: true });
        assertVersion(expectedVersion, row.version, 'contributor');
        const credited = await creditedStories(tx, id);
        if (credited.length > 0 && !force) {
          const count = credited.length;
          throw new ConflictError(
            `${count} ${count === 1 ? 'story credits' : 'stories credit'} this contributor: remove the credits first, or delete with ?force=true as an admin.`,
            'CONTRIBUTOR_IN_USE',
            { articleCount: count },
          );
        }
        for (const story of credited) await this.uncredit(tx, id, story);
        if (!(await deleteContributorAt(tx, id, row.version))) await this.stale(tx, id);
      },
      {
        retry: {
          attempts: 3,
          // A story written meanwhile (its version moved on), or a credit added while this delete
          // waited for it (Postgres): the next attempt reads them.
          when: (error) => isForeignKeyViolation(error) || (force && error instanceof PreconditionFailedError),
        },
      },
    ).catch((error: unknown) => {
      if (isForeignKeyViolation(error))
        throw new ConflictError('Stories were credited to the contributor at the same time: retry', 'WRITE_CONFLICT');
      throw error;
    });
  }

  /** Takes the contributor's credits off a story, leaving them in its byline as plain text. */
  private async uncredit(tx: Tx, contributorId: string, story: { id: string; version: number; trashed: boolean }) {
    await changeArticle(
      this.stories,
      {
        articleId: story.id,
        expectedVersion: story.version,
        action: 'contributor_deleted',
        scope: story.trashed ? 'trash' : 'live',
        // The contributor goes even from a killed story's credits (their name stays in its byline).
        changesKilled: true,
        apply: async (inner, before) => {
          const dropped = before.authors.filter((a) => a.contributorId === contributorId);
          await updateArticle(inner, story.id, { byline: bylineKeeping(before.byline, before.authors, dropped) });
          await replaceAuthors(
            inner,
            story.id,
            before.authors.filter((a) => a.contributorId !== contributorId),
          );
        },
      },
      tx,
    );
  }
}

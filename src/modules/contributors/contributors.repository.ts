import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';

export type ContributorRow = Prisma.ContributorGetPayload<object>;
export type ContributorData = Omit<Prisma.ContributorUncheckedCreateInput, 'retiredSlugs' | 'credits'>;

export const insertContributor = (db: Queryable, data: ContributorData) => db.contributor.create({ data });

export const findContributor = (db: Queryable, id: string) => db.contributor.findUnique({ where: { id } });

export const findContributorBySlug = (db: Queryable, slug: string) => db.contributor.findUnique({ where: { slug } });

/** The contributor a retired slug points to, if any. */
export async function findRetiredContributorSlug(db: Queryable, slug: string) {
  return db.contributorRetiredSlug.findUnique({ where: { slug }, select: { contributorId: true } });
}

/** True when a contributor has or had this slug, other than `except`. */
export async function contributorSlugTaken(db: Queryable, slug: string, except?: string): Promise<boolean> {
  const current = await db.contributor.findUnique({ where: { slug }, select: { id: true } });
  const retired = await db.contributorRetiredSlug.findUnique({ where: { slug }, select: { contributorId: true } });
  return (current !== null && current.id !== except) || (retired !== null && retired.contributorId !== except);
}

/** Every contributor slug, current or retired, starting with `base`: few, so a prefix scan is cheap. */
export async function contributorSlugsLike(db: Queryable, base: string): Promise<string[]> {
  const current = await db.contributor.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  const retired = await db.contributorRetiredSlug.findMany({
    where: { slug: { startsWith: base } },
    select: { slug: true },
  });
  return [...current, ...retired].map((row) => row.slug);
}

/** Moves a contributor to a new slug: the old one is retired, the new one taken back if it was theirs. */
export async function moveContributorSlug(db: Queryable, id: string, from: string, to: string, at: Date) {
  await db.contributorRetiredSlug.deleteMany({ where: { slug: to, contributorId: id } });
  await db.contributorRetiredSlug.create({ data: { slug: from, contributorId: id, retiredAt: at } });
}

/** Writes a change if the contributor is still at `version`; false when it is not (or is gone). */
export async function updateContributorAt(
  db: Queryable,
  id: string,
  version: number,
  data: Prisma.ContributorUncheckedUpdateManyInput,
): Promise<boolean> {
  const { count } = await db.contributor.updateMany({ where: { id, version }, data });
  return count === 1;
}

export async function deleteContributorAt(db: Queryable, id: string, version: number): Promise<boolean> {
  return (await db.contributor.deleteMany({ where: { id, version } })).count === 1;
}

export interface ContributorPageQuery {
  /** Folded, with the leading space of `nameKey`: matches the start of any word of the name. */
  word?: string;
  active?: boolean;
  after?: { nameKey: string; id: string };
  take: number;
}

/** A page in name order (folded name, then id): a keyset range on the (active,) name_key, id index. */
export function listContributorPage(db: Queryable, query: ContributorPageQuery) {
  const { after } = query;
  return db.contributor.findMany({
    where: {
      ...(query.active !== undefined && { active: query.active }),
      ...(query.word !== undefined && { nameKey: { contains: query.word } }),
      ...(after && {
        OR: [{ nameKey: { gt: after.nameKey } }, { nameKey: after.nameKey, id: { gt: after.id } }],
      }),
    },
    orderBy: [{ nameKey: 'asc' }, { id: 'asc' }],
    take: query.take,
  });
}

/** The stories (live or in the trash) that credit the contributor, with their current version. */
export async function creditedStories(
  db: Queryable,
  contributorId: string,
): Promise<Array<{ id: string; version: number; trashed: boolean }>> {
  const rows = await db.article.findMany({
    where: { authors: { some: { contributorId } } },
    select: { id: true, version: true, deletedAt: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => ({ id: row.id, version: row.version, trashed: row.deletedAt !== null }));
}

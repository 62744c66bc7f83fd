import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';

export type SubjectRow = Prisma.SubjectGetPayload<object>;
export type SubjectData = Omit<Prisma.SubjectUncheckedCreateInput, 'narrower' | 'filings'>;

export const insertSubject = (db: Queryable, data: SubjectData) => db.subject.create({ data });

export const findSubject = (db: Queryable, id: string) => db.subject.findUnique({ where: { id } });

export const findSubjectByCode = (db: Queryable, scheme: string, code: string) =>
  db.subject.findUnique({ where: { scheme_code: { scheme, code } } });

export const findSubjectBySlug = (db: Queryable, scheme: string, slug: string) =>
  db.subject.findUnique({ where: { scheme_slug: { scheme, slug } } });

/** Slugs of a scheme starting with `base`, to choose the next free `base-N`. */
export async function subjectSlugsLike(db: Queryable, scheme: string, base: string): Promise<string[]> {
  const rows = await db.subject.findMany({ where: { scheme, slug: { startsWith: base } }, select: { slug: true } });
  return rows.map((row) => row.slug);
}

/** The broader subject of each subject on the way up from `id` (itself first), at most `limit` steps. */
export async function broaderChain(db: Queryable, id: string, limit: number): Promise<string[]> {
  const chain: string[] = [];
  for (let current: string | null = id; current !== null && chain.length <= limit; ) {
    chain.push(current);
    const row: { broaderId: string | null } | null = await db.subject.findUnique({
      where: { id: current },
      select: { broaderId: true },
    });
    current = row?.broaderId ?? null;
  }
  return chain;
}

export async function updateSubjectAt(
  db: Queryable,
  id: string,
  version: number,
  data: Prisma.SubjectUncheckedUpdateManyInput,
): Promise<boolean> {
  return (await db.subject.updateMany({ where: { id, version }, data })).count === 1;
}

export async function deleteSubjectAt(db: Queryable, id: string, version: number): Promise<boolean> {
  return (await db.subject.deleteMany({ where: { id, version } })).count === 1;
}

/** How many stories are filed under the subject, and how many subjects sit directly under it. */
export async function subjectUses(db: Queryable, id: string): Promise<{ filings: number; narrower: number }> {
  const filings = await db.articleSubject.count({ where: { subjectId: id } });
  const narrower = await db.subject.count({ where: { broaderId: id } });
  return { filings, narrower };
}

export interface SubjectPageQuery {
  scheme?: string;
  broader?: string;
  after?: { scheme: string; code: string; id: string };
  take: number;
}

/** A page by scheme, then code (byte order on both databases), then id. */
export function listSubjectPage(db: Queryable, query: SubjectPageQuery) {
  const { after } = query;
  return db.subject.findMany({
    where: {
      ...(query.scheme !== undefined && { scheme: query.scheme }),
      ...(query.broader !== undefined && { broaderId: query.broader }),
      ...(after && {
        OR: [
          { scheme: { gt: after.scheme } },
          { scheme: after.scheme, code: { gt: after.code } },
          { scheme: after.scheme, code: after.code, id: { gt: after.id } },
        ],
      }),
    },
    orderBy: [{ scheme: 'asc' }, { code: 'asc' }, { id: 'asc' }],
    take: query.take,
  });
}

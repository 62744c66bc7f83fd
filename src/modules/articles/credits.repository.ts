import { findInChunks } from '../../db/chunks.js';
import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';
import type { ArticleAuthor, ArticleSubject, AuthorCredit, CreditRole, SubjectFiling } from './credits.schemas.js';

/** A story's credits and subjects as a whole-story read selects them (story-read.repository.ts reads the same in SQL). */
export const creditsSelect = {
  authors: {
    orderBy: { position: 'asc' },
    select: { role: true, contributor: { select: { id: true, name: true, slug: true, active: true } } },
  },
  subjects: {
    orderBy: { position: 'asc' },
    select: {
      rel: true,
      subject: { select: { id: true, scheme: true, code: true, name: true, slug: true, uri: true } },
    },
  },
} satisfies Prisma.ArticleSelect;

type CreditRows = Prisma.ArticleGetPayload<{ select: typeof creditsSelect }>;
export type StoryAuthorRow = CreditRows['authors'][number];
export type StorySubjectRow = CreditRows['subjects'][number];

/** A credit as the newsroom sees it and as revisions keep it. */
export const storedAuthor = ({ role, contributor }: StoryAuthorRow): ArticleAuthor => ({
  contributorId: contributor.id,
  role: role as CreditRole,
  name: contributor.name,
  slug: contributor.slug,
});

export const storedSubject = ({ rel, subject }: StorySubjectRow): ArticleSubject => ({
  subjectId: subject.id,
  rel,
  scheme: subject.scheme,
  code: subject.code,
  name: subject.name,
  slug: subject.slug,
  uri: subject.uri,
});

/** Makes `authors` the story's whole byline, in order. */
export async function replaceAuthors(db: Queryable, articleId: string, authors: AuthorCredit[]): Promise<void> {
  await db.articleAuthor.deleteMany({ where: { articleId } });
  if (authors.length) {
    await db.articleAuthor.createMany({
      data: authors.map(({ contributorId, role }, position) => ({ articleId, position, contributorId, role })),
    });
  }
}

/** Makes `subjects` all the subjects the story is filed under, in order. */
export async function replaceSubjects(
  db: Queryable,
  articleId: string,
  subjects: Array<Omit<SubjectFiling, 'rel'> & { rel?: string | null }>,
): Promise<void> {
  await db.articleSubject.deleteMany({ where: { articleId } });
  if (subjects.length) {
    await db.articleSubject.createMany({
      data: subjects.map(({ subjectId, rel }, position) => ({ articleId, position, subjectId, rel: rel ?? null })),
    });
  }
}

/** Which of these ids are contributors. */
export async function existingContributorIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  const rows = await findInChunks([...new Set(ids)], (chunk) =>
    db.contributor.findMany({ where: { id: { in: chunk } }, select: { id: true } }),
  );
  return new Set(rows.map((row) => row.id));
}

/** Which of these ids are subjects. */
export async function existingSubjectIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  const rows = await findInChunks([...new Set(ids)], (chunk) =>
    db.subject.findMany({ where: { id: { in: chunk } }, select: { id: true } }),
  );
  return new Set(rows.map((row) => row.id));
}

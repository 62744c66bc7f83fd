import type { Queryable } from '../../db/client.js';
import type { Viewer } from '../../lib/access.js';
import type { FieldError } from '../../lib/errors.js';
import { UnprocessableError } from '../../lib/errors.js';
import { type FullRow, toArticle } from './articles.repository.js';
import type { Article } from './articles.schemas.js';
import { bylineKeeping, readerView } from './bylines.js';
import { existingContributorIds, existingSubjectIds } from './credits.repository.js';
import type { AuthorCredit, SubjectFiling } from './credits.schemas.js';

// The checks a write of credits and subjects passes, and what a restored snapshot's credits become.

/** Entries whose key came earlier in the list: each with its position and the first one's. */
function repeats<T>(items: readonly T[], key: (item: T) => string): Array<{ item: T; index: number; first: number }> {
  const seen = new Map<string, number>();
  return items.flatMap((item, index) => {
    const first = seen.get(key(item));
    if (first === undefined) {
      seen.set(key(item), index);
      return [];
    }
    return [{ item, index, first }];
  });
}

const distinct = (ids: string[]) => [...new Set(ids)];

/** The ids not in `known`, and each entry that names one by its field path (`<list>.<index>.<field>`). */
function unknownEntries<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  known: Set<string>,
  path: string,
  message: string,
) {
  const [list, field] = path.split('.*.');
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    if (!known.has(idOf(item))) errors.push({ path: `${list}.${index}.${field}`, message });
  });
  return { ids: distinct(items.map(idOf).filter((id) => !known.has(id))), errors };
}

/**
 * Credits and subjects a write names: each contributor once per role, each subject once, and every
 * one existing (422 naming each offending entry by its field path otherwise).
 */
export async function assertCredits(
  db: Queryable,
  { authors = [], subjects = [] }: { authors?: AuthorCredit[]; subjects?: SubjectFiling[] },
): Promise<void> {
  const twiceCredited = repeats(authors, (a) => `${a.contributorId} ${a.role}`);
  if (twiceCredited.length) {
    const ids = distinct(twiceCredited.map(({ item }) => item.contributorId));
    throw new UnprocessableError(
      `The same contributor is credited twice with one role: ${ids.join(', ')}`,
      'DUPLICATE_CREDIT',
      {
        contributorIds: ids,
        errors: twiceCredited.map(({ item, index, first }) => ({
          path: `authors.${index}`,
          message: `credits the contributor as ${item.role} again (as authors.${first} does)`,
        })),
      },
    );
  }
  const twiceFiled = repeats(subjects, (s) => s.subjectId);
  if (twiceFiled.length) {
    const ids = distinct(twiceFiled.map(({ item }) => item.subjectId));
    throw new UnprocessableError(`Subjects are listed twice: ${ids.join(', ')}`, 'DUPLICATE_SUBJECT', {
      subjectIds: ids,
      errors: twiceFiled.map(({ index, first }) => ({
        path: `subjects.${index}.subjectId`,
        message: `names the subject of subjects.${first} again`,
      })),
    });
  }
  if (authors.length) {
    const contributorId = (a: AuthorCredit) => a.contributorId;
    const known = await existingContributorIds(db, authors.map(contributorId));
    const unknown = unknownEntries(authors, contributorId, known, 'authors.*.contributorId', 'is not a contributor');
    if (unknown.ids.length) {
      throw new UnprocessableError(`No such contributors: ${unknown.ids.join(', ')}`, 'UNKNOWN_CONTRIBUTOR', {
        contributorIds: unknown.ids,
        errors: unknown.errors,
      });
    }
  }
  if (subjects.length) {
    const subjectId = (s: SubjectFiling) => s.subjectId;
    const known = await existingSubjectIds(db, subjects.map(subjectId));
    const unknown = unknownEntries(subjects, subjectId, known, 'subjects.*.subjectId', 'is not a subject');
    if (unknown.ids.length) {
      throw new UnprocessableError(`No such subjects: ${unknown.ids.join(', ')}`, 'UNKNOWN_SUBJECT', {
        subjectIds: unknown.ids,
        errors: unknown.errors,
      });
    }
  }
}

/** A whole-story row as a viewer reads it. */
export const storyView = (row: FullRow, viewer: Viewer): Article => readerView(row, viewer, toArticle(row));

/** The first item of each key, in order. */
function firstOf<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(key(item))) return false;
    seen.add(key(item));
    return true;
  });
}

/**
 * What a snapshot's credits and subjects restore to (a revision restore): those whose contributor
 * or subject still exists, in order, once each; the others are dropped and reported, and a dropped
 * credit stays in the byline as plain text (bylineKeeping).
 */
export async function restorableCredits(db: Queryable, snapshot: Pick<Article, 'byline' | 'authors' | 'subjects'>) {
  const authors = firstOf(snapshot.authors, (a) => `${a.contributorId} ${a.role}`);
  const subjects = firstOf(snapshot.subjects, (s) => s.subjectId);
  const contributors = await existingContributorIds(
    db,
    authors.map((a) => a.contributorId),
  );
  const known = await existingSubjectIds(
    db,
    subjects.map((s) => s.subjectId),
  );
  const droppedAuthors = authors.filter((a) => !contributors.has(a.contributorId));
  return {
    byline: bylineKeeping(snapshot.byline, authors, droppedAuthors),
    authors: authors
      .filter((a) => contributors.has(a.contributorId))
      .map(({ contributorId, role }) => ({ contributorId, role })),
    subjects: subjects.filter((s) => known.has(s.subjectId)).map(({ subjectId, rel }) => ({ subjectId, rel })),
    droppedAuthors: droppedAuthors.map(({ contributorId, role, name }) => ({ contributorId, role, name })),
    droppedSubjects: subjects
      .filter((s) => !known.has(s.subjectId))
      .map(({ subjectId, scheme, code, name }) => ({ subjectId, scheme, code, name })),
  };
}

import type { Tx } from '../../db/client.js';
import { foldName } from '../contributors/name-key.js';
import type { CreditsDocument } from './credits-document.js';

/** A line that cannot be restored as it is: the restore reports it against its line. */
export class UnrestorableCreditsError extends Error {}

/**
 * Restores a line's credits and subjects on its (just written) story. Contributors and subjects the
 * line carries are created when the database has none with their id (an existing one is left as it
 * is: it may be newer than the backup); a subject whose scheme and code the database has under
 * another id is that one (a vocabulary loaded again gets new ids). Broader subjects come first in
 * the line, so each new subject sits under one that exists: no loop can be made.
 */
export async function insertCredits(tx: Tx, articleId: string, doc: CreditsDocument): Promise<void> {
  for (const { sameAs, ...contributor } of doc.contributors) {
    if (await tx.contributor.findUnique({ where: { id: contributor.id }, select: { id: true } })) continue;
    // The bio was sanitised by the line's schema, as on any write.
    await tx.contributor.create({
      data: { ...contributor, nameKey: foldName(contributor.name), sameAs: JSON.stringify(sameAs) },
    });
  }
  const idOf = new Map<string, string>();
  for (const { sameAs, broaderId, ...subject } of doc.subjectTree) {
    const existing =
      (await tx.subject.findUnique({ where: { id: subject.id }, select: { id: true } })) ??
      (await tx.subject.findUnique({
        where: { scheme_code: { scheme: subject.scheme, code: subject.code } },
        select: { id: true },
      }));
    if (existing) {
      idOf.set(subject.id, existing.id);
      continue;
    }
    const broader = broaderId === null ? null : (idOf.get(broaderId) ?? null);
    if (broaderId !== null && broader === null) {
      throw new UnrestorableCreditsError(
        `subjectTree: ${subject.scheme}:${subject.code} sits under ${broaderId}, which is neither earlier in the line nor in the database`,
      );
    }
    await tx.subject.create({ data: { ...subject, broaderId: broader, sameAs: JSON.stringify(sameAs) } });
    idOf.set(subject.id, subject.id);
  }
  const contributorIds = new Set(
    (
      await tx.contributor.findMany({
        where: { id: { in: [...new Set(doc.authors.map((a) => a.contributorId))] } },
        select: { id: true },
      })
    ).map((row) => row.id),
  );
  const unknownCredit = doc.authors.findIndex((a) => !contributorIds.has(a.contributorId));
  if (unknownCredit >= 0) {
    throw new UnrestorableCreditsError(
      `authors.${unknownCredit}.contributorId: no contributor ${doc.authors[unknownCredit]?.contributorId} in the line or the database`,
    );
  }
  const filed: CreditsDocument['subjects'] = [];
  for (const [index, s] of doc.subjects.entries()) {
    const subjectId =
      idOf.get(s.subjectId) ?? (await tx.subject.findUnique({ where: { id: s.subjectId }, select: { id: true } }))?.id;
    if (!subjectId) {
      throw new UnrestorableCreditsError(
        `subjects.${index}.subjectId: no subject ${s.subjectId} in the line or the database`,
      );
    }
    filed.push({ ...s, subjectId });
  }
  if (doc.authors.length) await tx.articleAuthor.createMany({ data: doc.authors.map((a) => ({ ...a, articleId })) });
  if (filed.length) await tx.articleSubject.createMany({ data: filed.map((s) => ({ ...s, articleId })) });
}

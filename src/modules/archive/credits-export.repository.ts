import { findInChunks } from '../../db/chunks.js';
import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';

/** A story's credits and subjects as the export reads them: with the whole contributor and subject rows. */
export const creditsExportInclude = {
  authors: { orderBy: { position: 'asc' }, include: { contributor: true } },
  subjects: { orderBy: { position: 'asc' }, include: { subject: true } },
} satisfies Prisma.ArticleInclude;

type ExportedSubjectRow = Prisma.SubjectGetPayload<object>;

/**
 * The subjects stories are filed under and every subject broader than them, broader ones first,
 * each once: what a restore needs to rebuild the tree under them. `known` keeps the subjects read
 * so far across calls (an export reads many pages; the same topics come back on every page).
 */
export async function subjectTree(
  db: Queryable,
  filed: ExportedSubjectRow[],
  known: Map<string, ExportedSubjectRow>,
): Promise<ExportedSubjectRow[]> {
  for (const subject of filed) known.set(subject.id, subject);
  let missing = [...new Set(filed.map((s) => s.broaderId).filter((id): id is string => id !== null && !known.has(id)))];
  // Each round reads one level up; a tree is never deeper than the subjects module allows.
  while (missing.length) {
    const rows = await findInChunks(missing, (chunk) => db.subject.findMany({ where: { id: { in: chunk } } }));
    for (const row of rows) known.set(row.id, row);
    missing = [...new Set(rows.map((s) => s.broaderId).filter((id): id is string => id !== null && !known.has(id)))];
    if (!rows.length) break;
  }
  const ordered: ExportedSubjectRow[] = [];
  const placed = new Set<string>();
  const place = (subject: ExportedSubjectRow | undefined, depth: number) => {
    if (!subject || placed.has(subject.id) || depth > 64) return;
    if (subject.broaderId) place(known.get(subject.broaderId), depth + 1);
    placed.add(subject.id);
    ordered.push(subject);
  };
  for (const subject of filed) place(subject, 0);
  return ordered;
}

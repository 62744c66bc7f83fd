import { z } from 'zod';
import { IdSchema, InstantInputSchema, SlugSchema } from '../../lib/zod-atoms.js';
import { RelSchema } from '../articles/article-parts.schemas.js';
import { CreditRoleSchema, MAX_AUTHORS, MAX_SUBJECTS } from '../articles/credits.schemas.js';
import { ContributorCreateSchema } from '../contributors/contributors.schemas.js';
import { SubjectCodeSchema, SubjectCreateSchema, SubjectSchemeSchema } from '../subjects/subjects.schemas.js';

// A story's credits and subjects in an NDJSON backup line: the credit rows, and the contributors
// and subjects they name (subjects with every broader one), so a line restores into an empty
// database as well as into the one it came from.

type Row = { position: number };
interface ExportedCredits {
  authors: Array<Row & { contributorId: string; role: string; contributor: ContributorRecord }>;
  subjects: Array<Row & { subjectId: string; rel: string | null }>;
}
interface ContributorRecord {
  id: string;
  slug: string;
  name: string;
  nameKey: string;
  sameAs: string;
  [column: string]: unknown;
}
interface SubjectRecord {
  id: string;
  sameAs: string;
  [column: string]: unknown;
}

/** The credit members of an export line; `tree`: the subjects filed and every broader one, broader first. */
export function toCreditsDocument(row: ExportedCredits, tree: SubjectRecord[]) {
  const contributors = new Map(row.authors.map((a) => [a.contributor.id, a.contributor]));
  return {
    authors: row.authors.map(({ position, contributorId, role }) => ({ position, contributorId, role })),
    subjects: row.subjects.map(({ position, subjectId, rel }) => ({ position, subjectId, rel })),
    contributors: [...contributors.values()].map(({ nameKey: _, sameAs, ...contributor }) => ({
      ...contributor,
      sameAs: JSON.parse(sameAs) as string[],
    })),
    subjectTree: tree.map(({ sameAs, ...subject }) => ({ ...subject, sameAs: JSON.parse(sameAs) as string[] })),
  };
}

const position = z.number().int().min(0).max(10_000);
const version = z.number().int().min(1).max(2_147_483_647);
const person = ContributorCreateSchema.shape;
const concept = SubjectCreateSchema.shape;

/** A contributor as exported: what the API would store, with its id, version and times. */
const ExportedContributorSchema = z.strictObject({
  id: IdSchema,
  slug: SlugSchema,
  name: person.name,
  shortBio: person.shortBio,
  bio: person.bio,
  imageUrl: person.imageUrl,
  sameAs: person.sameAs.default([]),
  email: person.email,
  notes: person.notes,
  active: z.boolean(),
  version,
  createdAt: InstantInputSchema,
  updatedAt: InstantInputSchema,
});

const ExportedSubjectSchema = z.strictObject({
  id: IdSchema,
  scheme: SubjectSchemeSchema,
  code: SubjectCodeSchema,
  name: concept.name,
  slug: SlugSchema,
  broaderId: IdSchema.nullable(),
  sameAs: concept.sameAs.default([]),
  uri: concept.uri,
  version,
  createdAt: InstantInputSchema,
  updatedAt: InstantInputSchema,
});

/** What a restore takes of a line's credits (none in backups made before stories had credits). */
export const creditsDocumentShape = {
  authors: z
    .array(z.strictObject({ position, contributorId: IdSchema, role: CreditRoleSchema }))
    .max(MAX_AUTHORS)
    .default([])
    .superRefine((authors, ctx) => {
      const seen = new Set<string>();
      authors.forEach((a, index) => {
        const key = `${a.contributorId} ${a.role}`;
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [index], message: 'credits a contributor twice in one role' });
        seen.add(key);
      });
    }),
  subjects: z
    .array(z.strictObject({ position, subjectId: IdSchema, rel: RelSchema.nullable() }))
    .max(MAX_SUBJECTS)
    .default([])
    .superRefine((subjects, ctx) => {
      const seen = new Set<string>();
      subjects.forEach((s, index) => {
        if (seen.has(s.subjectId)) ctx.addIssue({ code: 'custom', path: [index], message: 'files a subject twice' });
        seen.add(s.subjectId);
      });
    }),
  contributors: z.array(ExportedContributorSchema).max(MAX_AUTHORS).default([]),
  subjectTree: z
    .array(ExportedSubjectSchema)
    .max(MAX_SUBJECTS * 64)
    .default([]),
};

type CreditsShape = typeof creditsDocumentShape;
export type CreditsDocument = { [K in keyof CreditsShape]: z.output<CreditsShape[K]> };

import { z } from 'zod';
import { IdSchema } from '../../lib/zod-atoms.js';
import { RelSchema } from './article-parts.schemas.js';

// A story's structured bylines (contributors with a role, in order) and the subjects it is filed
// under (issue 21 items 2 and 3): sent as ids, answered with what readers need to show them.

export const MAX_AUTHORS = 20;
export const MAX_SUBJECTS = 50;

export const CREDIT_ROLES = ['author', 'photographer', 'editor', 'contributor', 'translator', 'producer'] as const;
export type CreditRole = (typeof CREDIT_ROLES)[number];

export const CreditRoleSchema = z.enum(CREDIT_ROLES).meta({
  id: 'CreditRole',
  description:
    'What the contributor did for the story. Only `author` credits make the derived `byline`; the others are credited in `authors` alone',
  example: 'author',
});

const contributorId = IdSchema.meta({
  description: 'A contributor (`/v1/contributors/{id}`)',
  example: '019a4b60-7a1b-7c2d-8e3f-4a5b6c7d8e9f',
});
const subjectId = IdSchema.meta({
  description: 'A subject (`/v1/subjects/{id}`)',
  example: '01a24dcc-d800-7000-8000-000000000011',
});

const AuthorCreditSchema = z
  .strictObject({ contributorId, role: CreditRoleSchema.default('author') })
  .meta({ id: 'AuthorCredit', description: 'One credit of the byline: a contributor and what they did' });

const SubjectFilingSchema = z
  .strictObject({
    subjectId,
    rel: RelSchema.optional().meta({
      description: 'How the story relates to the subject, as a short label (ninjs `rel`)',
      example: 'about',
    }),
  })
  .meta({ id: 'SubjectFiling', description: 'A subject the story is filed under' });

export const AuthorsInputSchema = z
  .array(AuthorCreditSchema)
  .max(MAX_AUTHORS)
  .meta({
    description: `The byline, in order: up to ${MAX_AUTHORS} credits, a contributor at most once per role. On PATCH the list replaces the story’s whole byline ([] clears it)`,
    example: [
      { contributorId: '019a4b60-7a1b-7c2d-8e3f-4a5b6c7d8e9f', role: 'author' },
      { contributorId: '019a4b60-8b2c-7d3e-9f40-5b6c7d8e9fa0', role: 'photographer' },
    ],
  });

export const SubjectsInputSchema = z
  .array(SubjectFilingSchema)
  .max(MAX_SUBJECTS)
  .meta({
    description: `Subjects the story is filed under, in order: up to ${MAX_SUBJECTS}, each once. On PATCH the list replaces them all`,
    example: [{ subjectId: '01a24dcc-d800-7000-8000-000000000011', rel: 'about' }],
  });

export const ArticleAuthorSchema = z
  .object({
    contributorId,
    role: CreditRoleSchema,
    name: z.string().meta({ description: 'The contributor’s name as it is now', example: 'Noor Haddad' }),
    slug: z.string().nullable().meta({
      description:
        'The contributor’s page, `/v1/contributors/slug/{slug}`. Null for the public when the contributor is inactive (they have no public page; the credit stays)',
      example: 'noor-haddad',
    }),
  })
  .meta({ id: 'ArticleAuthor', description: 'A credit of the byline with the contributor’s public name and slug' });

export const ArticleSubjectSchema = z
  .object({
    subjectId,
    rel: z.string().nullable().meta({ example: 'about' }),
    scheme: z.string().meta({ example: 'iptc-mediatopic' }),
    code: z.string().meta({ example: 'medtop:11000000' }),
    name: z.string().meta({ example: 'politics' }),
    slug: z.string().meta({ example: 'politics' }),
    uri: z.string().nullable().meta({ example: 'http://cv.iptc.org/newscodes/mediatopic/11000000' }),
  })
  .meta({ id: 'ArticleSubject', description: 'A subject the story is filed under, as it is now' });

export type AuthorCredit = z.infer<typeof AuthorCreditSchema>;
export type SubjectFiling = z.infer<typeof SubjectFilingSchema>;
export type ArticleAuthor = z.infer<typeof ArticleAuthorSchema>;
export type ArticleSubject = z.infer<typeof ArticleSubjectSchema>;

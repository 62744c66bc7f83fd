import { z } from 'zod';
import { BodyHtmlSchema } from '../../lib/html.js';
import { HttpUrlSchema, IdSchema, InstantSchema, SlugSchema, trimmed, VersionSchema } from '../../lib/zod-atoms.js';

export const MAX_SAME_AS = 10;
/** A bio is a short HTML text, far below a story's 1 MB. */
const MAX_BIO_CHARS = 20_000;

const CONTRIBUTOR_ID = '019a4b60-7a1b-7c2d-8e3f-4a5b6c7d8e9f';

const name = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200)
  .meta({ description: 'The name as credited in bylines', example: 'Noor Haddad' });
const shortBio = trimmed(500).meta({
  description: 'One line for bylines and cards, plain text',
  example: 'Diplomatic correspondent, based in Geneva.',
});
const bio = z
  .string()
  .max(MAX_BIO_CHARS)
  .pipe(BodyHtmlSchema)
  .meta({
    description: `HTML, at most ${MAX_BIO_CHARS} characters; sanitised on write like story bodies`,
    example: '<p>Noor Haddad covers diplomacy and the Serna valley for Harbour Wire.</p>',
  });
const imageUrl = HttpUrlSchema.meta({
  description: 'A portrait: an absolute http(s) URL, stored normalised',
  example: 'https://images.example.com/people/noor-haddad.jpg',
});
const sameAs = z
  .array(HttpUrlSchema)
  .max(MAX_SAME_AS)
  .transform((urls) => [...new Set(urls)])
  .meta({
    description: `Up to ${MAX_SAME_AS} absolute URLs naming the same person elsewhere (social profiles, Wikidata), each once`,
    example: ['https://www.wikidata.org/wiki/Q42', 'https://social.example/@noor'],
  });
const email = z
  .email()
  .max(254)
  .meta({ description: 'Newsroom only: never in a public answer, feed or format', example: 'noor@example.com' });
const notes = trimmed(5000).meta({
  description: 'Newsroom only: never in a public answer, feed or format',
  example: 'Freelance; invoice through the foreign desk.',
});
const active = z.boolean().meta({
  description: 'Inactive contributors stay credited on their stories but the public cannot read them',
  example: true,
});

const contributorInput = {
  name,
  slug: SlugSchema.optional().meta({ description: 'Generated from the name when absent', example: 'noor-haddad' }),
  shortBio: shortBio.nullable().optional(),
  bio: bio.nullable().optional(),
  imageUrl: imageUrl.nullable().optional(),
  sameAs: sameAs.optional(),
  email: email.nullable().optional(),
  notes: notes.nullable().optional(),
  active: active.optional(),
};

const createExample = {
  name: 'Noor Haddad',
  shortBio: 'Diplomatic correspondent, based in Geneva.',
  bio: '<p>Noor Haddad covers diplomacy and the Serna valley for Harbour Wire.</p>',
  imageUrl: 'https://images.example.com/people/noor-haddad.jpg',
  sameAs: ['https://www.wikidata.org/wiki/Q42'],
  email: 'noor@example.com',
};

export const ContributorCreateSchema = z
  .strictObject(contributorInput)
  .meta({ id: 'ContributorCreate', examples: [createExample] });

export const ContributorPatchSchema = z
  .strictObject({ ...contributorInput, name: name.optional() })
  .meta({ id: 'ContributorPatch', examples: [{ shortBio: 'Europe editor.', active: true }] });

const contributorExample = {
  id: CONTRIBUTOR_ID,
  slug: 'noor-haddad',
  ...createExample,
  notes: null,
  active: true,
  version: 2,
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-10T16:30:00.000Z',
};
const { email: _email, notes: _notes, ...publicExample } = contributorExample;

export const ContributorSchema = z
  .object({
    id: IdSchema,
    slug: SlugSchema,
    name: z.string(),
    shortBio: z.string().nullable(),
    bio: z.string().nullable(),
    imageUrl: z.string().nullable(),
    sameAs: z.array(z.string()),
    email: z.string().nullable().optional().meta({ description: 'Newsroom only (editor and admin keys)' }),
    notes: z.string().nullable().optional().meta({ description: 'Newsroom only (editor and admin keys)' }),
    active: z.boolean(),
    version: VersionSchema.meta({ description: 'The contributor’s version: 1 when created, one more on every change' }),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({
    id: 'Contributor',
    description:
      'A person the newsroom credits. `email` and `notes` are sent to editor and admin keys only; the public reads active contributors only.',
    examples: [contributorExample],
  });

export const ContributorListSchema = z
  .object({
    data: z.array(ContributorSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'ContributorList', examples: [{ data: [publicExample], nextCursor: null }] });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const ContributorListQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100).optional().meta({
    description: 'Contributors with a word of their name starting so, ignoring case and accents',
    example: 'had',
  }),
  active: booleanQuery.optional().meta({
    description:
      'Editor and admin keys: only active (`true`) or inactive (`false`) ones. The public sees active ones only',
  }),
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Contributors per page, 1 to 100' }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .meta({ description: 'Opaque: the `nextCursor` of the page before, with the same `q` and `active`' }),
});

export const ContributorDeleteQuerySchema = z.strictObject({
  force: booleanQuery.default(false).meta({
    description:
      'Admin keys only: delete even while stories credit the contributor; each such story keeps the credit as its plain-text `byline`',
  }),
});

export const ContributorParamsSchema = z.object({ id: IdSchema.meta({ description: 'The contributor’s id' }) });
export const ContributorSlugParamsSchema = z.object({
  slug: z.string().min(1).max(200).meta({
    description: 'The contributor’s current slug, or one they used to have (then 301)',
    example: 'noor-haddad',
  }),
});

export type ContributorCreate = z.infer<typeof ContributorCreateSchema>;
export type ContributorPatch = z.infer<typeof ContributorPatchSchema>;
export type Contributor = z.infer<typeof ContributorSchema>;
export type ContributorListQuery = z.infer<typeof ContributorListQuerySchema>;

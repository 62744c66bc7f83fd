import { z } from 'zod';
import { HttpUrlSchema, IdSchema, InstantSchema, SlugSchema, VersionSchema } from '../../lib/zod-atoms.js';

export const SUBJECT_SCHEMES = ['iptc-mediatopic', 'place', 'organisation', 'person', 'event', 'topic'] as const;
export type SubjectScheme = (typeof SUBJECT_SCHEMES)[number];
export const SubjectSchemeSchema = z.enum(SUBJECT_SCHEMES).meta({
  id: 'SubjectScheme',
  description:
    'The vocabulary a subject belongs to: IPTC Media Topics (`code` is the `medtop:` qcode), or the newsroom’s own places, organisations, people, events and topics',
  example: 'iptc-mediatopic',
});

export const IPTC_SCHEME: SubjectScheme = 'iptc-mediatopic';
export const MEDTOP_CODE = /^medtop:\d{8}$/;
export const iptcUri = (code: string) => `http://cv.iptc.org/newscodes/mediatopic/${code.slice('medtop:'.length)}`;
export const MAX_SUBJECT_SAME_AS = 10;

const SUBJECT_ID = '01a24dcc-d800-7000-8000-000000000011';

export const SubjectCodeSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._-]*$/, 'must be letters, digits and : . _ - (for IPTC, the qcode medtop:NNNNNNNN)')
  .meta({ description: 'Unique within the scheme; for IPTC Media Topics the qcode', example: 'medtop:11000000' });

const name = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200)
  .meta({ description: 'The preferred label', example: 'politics' });
const sameAs = z
  .array(HttpUrlSchema)
  .max(MAX_SUBJECT_SAME_AS)
  .transform((urls) => [...new Set(urls)])
  .meta({
    description: `Up to ${MAX_SUBJECT_SAME_AS} absolute URLs naming the same concept elsewhere (Wikidata, GeoNames), each once`,
    example: ['https://www.wikidata.org/wiki/Q7163'],
  });
const broader = IdSchema.nullable().meta({
  description: 'The broader subject’s id (null: a top concept). A subject can never end up broader than itself',
  example: SUBJECT_ID,
});
const uri = HttpUrlSchema.meta({
  description: 'The concept’s URI; for IPTC Media Topics `http://cv.iptc.org/newscodes/mediatopic/<code>` unless given',
  example: 'http://cv.iptc.org/newscodes/mediatopic/11000000',
});

export const SubjectCreateSchema = z
  .strictObject({
    scheme: SubjectSchemeSchema,
    code: SubjectCodeSchema.optional().meta({
      description: 'Unique within the scheme; generated from the name when absent (required for IPTC)',
    }),
    name,
    slug: SlugSchema.optional().meta({ description: 'Generated from the name when absent', example: 'elections' }),
    broader: broader.optional(),
    sameAs: sameAs.optional(),
    uri: uri.nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.scheme !== IPTC_SCHEME) return;
    if (input.code === undefined)
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'is required for IPTC Media Topics' });
    else if (!MEDTOP_CODE.test(input.code))
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'must be an IPTC qcode, medtop: and 8 digits' });
  })
  .meta({
    id: 'SubjectCreate',
    examples: [{ scheme: 'iptc-mediatopic', code: 'medtop:20000574', name: 'election', broader: SUBJECT_ID }],
  });

export const SubjectPatchSchema = z
  .strictObject({
    name: name.optional(),
    slug: SlugSchema.optional(),
    broader: broader.optional(),
    sameAs: sameAs.optional(),
    uri: uri.nullable().optional(),
  })
  .meta({ id: 'SubjectPatch', examples: [{ name: 'politics and government' }] });

const subjectExample = {
  id: SUBJECT_ID,
  scheme: 'iptc-mediatopic',
  code: 'medtop:11000000',
  name: 'politics',
  slug: 'politics',
  broader: null,
  sameAs: [],
  uri: 'http://cv.iptc.org/newscodes/mediatopic/11000000',
  version: 1,
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
};

export const SubjectSchema = z
  .object({
    id: IdSchema,
    scheme: SubjectSchemeSchema,
    code: z.string(),
    name: z.string(),
    slug: z.string(),
    broader: IdSchema.nullable(),
    sameAs: z.array(z.string()),
    uri: z.string().nullable(),
    version: VersionSchema.meta({ description: 'The subject’s version: 1 when created, one more on every change' }),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Subject', description: 'A concept of a scheme, stories are filed under', examples: [subjectExample] });

export const SubjectListSchema = z
  .object({
    data: z.array(SubjectSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'SubjectList', examples: [{ data: [subjectExample], nextCursor: null }] });

export const SubjectListQuerySchema = z.strictObject({
  scheme: SubjectSchemeSchema.optional().meta({ description: 'Only subjects of this scheme' }),
  broader: IdSchema.optional().meta({ description: 'Only the subjects directly under this one' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Subjects per page, 1 to 200' }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .meta({ description: 'Opaque: the `nextCursor` of the page before, with the same `scheme` and `broader`' }),
});

export const SubjectParamsSchema = z.object({ id: IdSchema.meta({ description: 'The subject’s id' }) });

export type SubjectCreate = z.infer<typeof SubjectCreateSchema>;
export type SubjectPatch = z.infer<typeof SubjectPatchSchema>;
export type Subject = z.infer<typeof SubjectSchema>;
export type SubjectListQuery = z.infer<typeof SubjectListQuerySchema>;

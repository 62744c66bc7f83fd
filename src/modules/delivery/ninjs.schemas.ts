import { z } from 'zod';
import { InstantSchema } from '../../lib/zod-atoms.js';
import { NINJS_SCHEMA_URI } from '../archive/ninjs.js';

/**
 * The ninjs document exactly as archive/ninjs.ts writes it (closed objects: a member it does not
 * write is not in the schema), so typed clients get precise types. Every object is a subset of
 * IPTC ninjs 3.1; test/format-operations.test.ts validates delivered documents against these.
 */
const text = z.string();

const NinjsHeadlineSchema = z
  .object({
    role: z.literal('main').optional(),
    contentType: z.literal('text/plain').optional(),
    value: text,
  })
  .meta({ id: 'NinjsHeadline', description: 'A headline: the story’s own (`main`, plain text), or a related story’s' });

const NinjsDescriptionSchema = z
  .object({
    role: z.enum(['summary', 'caption', 'alt', 'taken-on']),
    contentType: z.literal('text/plain'),
    value: text,
  })
  .meta({
    id: 'NinjsDescription',
    description:
      'The story’s summary, or a picture’s caption (`caption`), alt text (`alt`) or the day it was taken when only ' +
      'the day is known (`taken-on`, YYYY-MM-DD: ninjs `contentCreated` is a date-time), as plain text',
  });

const NinjsBodySchema = z
  .object({ role: z.literal('main'), contentType: z.literal('text/html'), value: text })
  .meta({ id: 'NinjsBody', description: 'The story’s body, as sanitised HTML' });

const NinjsRenditionSchema = z
  .object({ name: z.literal('original'), href: text })
  .meta({ id: 'NinjsRendition', description: 'The image file of a picture' });

const NinjsPictureSchema = z
  .object({
    name: text.meta({ description: '`picture-<n>`, from 1 in caption order' }),
    uri: text.meta({ example: 'urn:newsroom-cms:caption:019a4b50-1a2b-7c3d-8e4f-5a6b7c8d9e0f' }),
    type: z.literal('picture'),
    firstCreated: InstantSchema,
    versionCreated: InstantSchema,
    contentCreated: InstantSchema.optional().meta({
      description: 'When the photo was taken, when known to the instant (else a `taken-on` description gives the day)',
    }),
    descriptions: z.array(NinjsDescriptionSchema),
    by: text.optional().meta({ description: 'The credit line' }),
    located: text.optional().meta({ description: 'Where the photo was taken' }),
    renditions: z.array(NinjsRenditionSchema).optional(),
  })
  .meta({ id: 'NinjsPicture', description: 'A photo caption of the story' });

const NinjsRelatedStorySchema = z
  .object({
    name: text.meta({ description: 'The related story’s headline' }),
    uri: text.meta({ example: 'urn:newsroom-cms:article:019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e' }),
    type: z.literal('text'),
    rel: text.meta({ description: 'How the stories relate (`related`, `background`, `follow-up`, …)' }),
    slugline: text,
    headlines: z.array(NinjsHeadlineSchema),
  })
  .meta({ id: 'NinjsRelatedStory', description: 'A related story the caller may see' });

const NinjsAssociationSchema = z
  .discriminatedUnion('type', [NinjsPictureSchema, NinjsRelatedStorySchema])
  .meta({ id: 'NinjsAssociation', description: 'A photo caption (`picture`) or a related story (`text`)' });

export const NinjsDocumentSchema = z
  .object({
    uri: text.meta({ example: 'urn:newsroom-cms:article:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10' }),
    standard: z
      .object({ name: z.literal('ninjs'), version: z.literal('3.1'), schema: z.literal(NINJS_SCHEMA_URI) })
      .meta({ id: 'NinjsStandard' }),
    type: z.literal('text'),
    representationType: z.literal('full'),
    version: text.meta({ description: 'The article’s version, as a string' }),
    firstCreated: InstantSchema,
    versionCreated: InstantSchema,
    embargoedUntil: InstantSchema.optional(),
    pubStatus: z.enum(['usable', 'withheld', 'canceled']).meta({
      description: '`usable` when published, `canceled` when archived or in the trash, else `withheld`',
    }),
    edNote: text.meta({ description: 'The workflow status and schedule, in words' }),
    language: text,
    slugline: text.meta({ description: 'The story’s slug' }),
    headlines: z.array(NinjsHeadlineSchema),
    descriptions: z.array(NinjsDescriptionSchema).optional(),
    bodies: z.array(NinjsBodySchema),
    by: text.optional().meta({ description: 'The byline' }),
    infoSources: z
      .array(z.object({ name: text }).meta({ id: 'NinjsInfoSource', description: 'The story’s source' }))
      .optional(),
    subjects: z
      .array(
        z
          .object({ name: text, rel: z.enum(['section', 'tag']) })
          .meta({ id: 'NinjsSubject', description: 'The story’s section or one of its tags' }),
      )
      .optional(),
    associations: z.array(NinjsAssociationSchema).optional().meta({
      description:
        'Photo captions as `picture` associations (caption and alt text in `descriptions`, credit in `by`), then related stories as `text` associations with their `rel`',
    }),
  })
  .meta({
    id: 'NinjsDocument',
    description: 'The article as IPTC ninjs 3.1 (News in JSON): https://www.iptc.org/std/ninjs/',
  });

import { z } from 'zod';
import { IdSchema, InstantSchema, VersionNumberSchema, VersionSchema } from '../../lib/zod-atoms.js';
import {
  ArticleSchema,
  ArticleSummarySchema,
  LimitQuerySchema,
  REVISION_ACTIONS,
} from '../articles/articles.schemas.js';
import { CreditRoleSchema } from '../articles/credits.schemas.js';

const revisionFields = {
  version: VersionSchema,
  createdAt: InstantSchema,
  action: z
    .enum(REVISION_ACTIONS)
    .meta({ id: 'RevisionAction', description: 'What made this version', example: 'updated' }),
  changedFields: z.array(z.string()).meta({ example: ['headline', 'body'] }),
  actor: z.string().nullable().meta({
    description: 'Who made the change: `api-key:<id>`, `env-admin-key`, `scheduler`, `cli`',
    example: 'api-key:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10',
  }),
};

export const RevisionSummarySchema = z.object(revisionFields).meta({ id: 'RevisionSummary' });
export const RevisionSchema = z
  .object({ ...revisionFields, snapshot: ArticleSchema.meta({ description: 'The whole article at this version' }) })
  .meta({ id: 'Revision' });

export const RevisionListSchema = z
  .object({ data: z.array(RevisionSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'RevisionList' });

export const FieldChangeSchema = z
  .object({ field: z.string(), before: z.unknown(), after: z.unknown() })
  .meta({ id: 'FieldChange' });

export const RevisionDiffSchema = z
  .object({
    articleId: IdSchema,
    from: VersionSchema.meta({ description: 'The `against` version', example: 2 }),
    to: VersionSchema.meta({ description: 'The version asked for', example: 3 }),
    changes: z.array(FieldChangeSchema),
  })
  .meta({ id: 'RevisionDiff' });

export const RestoreResultSchema = z
  .object({
    article: ArticleSchema,
    droppedRelated: z
      .array(
        ArticleSummarySchema.pick({ id: true, headline: true }).meta({
          id: 'DroppedRelated',
          description: 'A story the snapshot linked to that no longer exists',
        }),
      )
      .meta({ description: 'Related links in the snapshot whose stories no longer exist' }),
    droppedAuthors: z
      .array(
        z
          .object({ contributorId: IdSchema, role: CreditRoleSchema, name: z.string() })
          .meta({ id: 'DroppedAuthor', description: 'A credit of the snapshot whose contributor no longer exists' }),
      )
      .meta({
        description:
          'Credits in the snapshot whose contributors no longer exist: their names stay in the restored `byline` as plain text',
      }),
    droppedSubjects: z
      .array(
        z
          .object({ subjectId: IdSchema, scheme: z.string(), code: z.string(), name: z.string() })
          .meta({ id: 'DroppedSubject', description: 'A subject of the snapshot that no longer exists' }),
      )
      .meta({ description: 'Subjects in the snapshot that no longer exist' }),
  })
  .meta({ id: 'RestoreResult' });

export const RevisionParamsSchema = z.object({
  id: IdSchema.meta({ description: 'The article’s id' }),
  version: VersionNumberSchema.meta({
    description: 'A version of the article, from 1 (as created) to its current version',
    example: 3,
  }),
});
export const RevisionListQuerySchema = z.strictObject({
  limit: LimitQuerySchema,
  cursor: z.string().max(100).optional().meta({
    description: 'Opaque: the `nextCursor` of the page before. Leave out for the first page (the newest versions).',
    example: 'eyJ2IjozfQ',
  }),
});
export const DiffQuerySchema = z.strictObject({
  against: VersionNumberSchema.optional().meta({
    description: 'The version to compare with; default the one before',
    example: 2,
  }),
});

export type RevisionSummary = z.infer<typeof RevisionSummarySchema>;
export type Revision = z.infer<typeof RevisionSchema>;
export type FieldChange = z.infer<typeof FieldChangeSchema>;

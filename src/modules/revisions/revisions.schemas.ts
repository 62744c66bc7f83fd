import { z } from 'zod';
import { IdSchema, InstantSchema, VersionNumberSchema } from '../../lib/zod-atoms.js';
import { ArticleSchema, ArticleSummarySchema } from '../articles/articles.schemas.js';

const revisionFields = {
  version: z.number().int().meta({ example: 3 }),
  createdAt: InstantSchema,
  action: z.string().meta({ description: 'What made this version', example: 'updated' }),
  changedFields: z.array(z.string()).meta({ example: ['headline', 'body'] }),
  actor: z.string().nullable().meta({ description: 'Who made the change: `api-key:<id>`, `env-admin-key`, `scheduler`, `cli`', example: 'api-key:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10' }),
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
    from: z.number().int().meta({ description: 'The `against` version' }),
    to: z.number().int(),
    changes: z.array(FieldChangeSchema),
  })
  .meta({ id: 'RevisionDiff' });

export const RestoreResultSchema = z
  .object({
    article: ArticleSchema,
    droppedRelated: z
      .array(ArticleSummarySchema.pick({ id: true, headline: true }))
      .meta({ description: 'Related links in the snapshot whose stories no longer exist' }),
  })
  .meta({ id: 'RestoreResult' });

export const RevisionParamsSchema = z.object({ id: IdSchema, version: VersionNumberSchema });
export const RevisionListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100).optional(),
});
export const DiffQuerySchema = z.strictObject({
  against: VersionNumberSchema.optional().meta({ description: 'The version to compare with; default the one before' }),
});

export type RevisionSummary = z.infer<typeof RevisionSummarySchema>;
export type Revision = z.infer<typeof RevisionSchema>;
export type FieldChange = z.infer<typeof FieldChangeSchema>;

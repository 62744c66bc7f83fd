import { z } from 'zod';
import { InstantSchema } from '../../lib/zod-atoms.js';
import { ArticleSummarySchema } from '../articles/articles.schemas.js';

export const TrashedArticleSchema = ArticleSummarySchema.extend({
  deletedAt: InstantSchema.meta({ description: 'When it was moved to the trash' }),
}).meta({ id: 'TrashedArticle' });

export const TrashListSchema = z
  .object({ data: z.array(TrashedArticleSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TrashList' });

export type TrashedArticle = z.infer<typeof TrashedArticleSchema>;

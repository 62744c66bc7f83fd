import { z } from 'zod';
import { ArticleSummarySchema } from '../articles/articles.schemas.js';

export const SuggestionQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(20).default(5).meta({ description: 'How many suggestions (1-20)' }),
});

export const RelatedSuggestionSchema = ArticleSummarySchema.extend({
  score: z.number().min(0).max(1).meta({
    description: "Share of the story's distinctive-term weight this story also has (0-1, higher is closer)",
    example: 0.42,
  }),
  matchedTerms: z.array(z.string()).meta({
    description: 'The distinctive words of the story that this one shares',
    example: ['crimea', 'simferopol'],
  }),
}).meta({ id: 'RelatedSuggestion' });

export const RelatedSuggestionListSchema = z
  .object({ data: z.array(RelatedSuggestionSchema) })
  .meta({ id: 'RelatedSuggestionList' });

export type RelatedSuggestion = z.infer<typeof RelatedSuggestionSchema>;

import { z } from 'zod';

export const FEED_SIZE = 50;
/** Google News reads at most 1,000 URLs of the last two days per sitemap. */
export const SITEMAP_SIZE = 1000;
export const SITEMAP_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

const TagFilterSchema = z.string().trim().min(1).max(64);

export const FeedQuerySchema = z.strictObject({
  section: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Only stories of this section (exact match)', example: 'World' }),
  tag: z
    .union([TagFilterSchema, z.array(TagFilterSchema).max(10)])
    .transform((value) => [value].flat())
    .optional()
    .meta({
      description: 'Only stories with this tag (exact match); repeat for several, all of which must match',
      example: 'diplomacy',
    }),
});

export type FeedQuery = z.infer<typeof FeedQuerySchema>;

export const FEED_MEDIA_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  sitemap: 'application/xml',
} as const;

const xml = (description: string) => z.string().meta({ description });

export const RssDocumentSchema = xml('An RSS 2.0 document');
export const AtomDocumentSchema = xml('An Atom 1.0 (RFC 4287) document');
export const NewsSitemapDocumentSchema = xml('A sitemap (sitemaps.org 0.9) with Google News `news:news` entries');

import { z } from 'zod';
import { BodyHtmlSchema } from '../../lib/html.js';
import { findUnsafeText } from '../../lib/unsafe-text.js';
import { IdSchema, InstantInputSchema, LanguageSchema, SlugSchema } from '../../lib/zod-atoms.js';
import {
  ArticleCreateSchema,
  ArticleStatusSchema,
  CORRECTION_KINDS,
  StoredArticleSchema,
} from '../articles/articles.schemas.js';
import { CaptionInputSchema, oneCaptionDate } from '../captions/captions.schemas.js';
import { CorrectionCreateSchema } from '../corrections/corrections.schemas.js';
import { MAX_KILL_NOTICE_CHARS, MAX_KILL_REASON_CHARS } from '../legal/kill.schemas.js';
import { RelSchema } from '../related/related.schemas.js';
import { creditsDocumentShape, toCreditsDocument } from './credits-document.js';
import type { ExportRow } from './export.repository.js';

/**
 * One line of an NDJSON export: the article's columns as stored, and every row that belongs to it
 * (without the repeated article id). Timestamps are ISO-8601 UTC; ids are kept, so restoring the
 * export reproduces the database.
 */
export function toExportDocument(row: ExportRow) {
  const {
    tags,
    captions,
    related,
    corrections,
    retiredSlugs,
    revisions,
    pendingLinks,
    importedStory,
    authors,
    subjects,
    subjectTree,
    ...article
  } = row;
  return {
    article,
    tags: tags.map(({ articleId: _, ...tag }) => tag),
    captions: captions.map(({ articleId: _, ...caption }) => caption),
    related: related.map(({ articleId: _, relatedArticle: __, ...link }) => link),
    corrections: corrections.map(({ articleId: _, ...correction }) => correction),
    retiredSlugs: retiredSlugs.map(({ articleId: _, ...slug }) => slug),
    // JSON values, not JSON text inside JSON (which backups before this held, and restores still take).
    revisions: revisions.map(({ articleId: _, snapshot, changedFields, ...revision }) => ({
      ...revision,
      changedFields: JSON.parse(changedFields) as string[],
      snapshot: JSON.parse(snapshot) as unknown,
    })),
    pendingRelated: pendingLinks.map(({ articleId: _, ...pending }) => pending),
    importedStory: importedStory && {
      importKey: importedStory.importKey,
      headlineKey: importedStory.headlineKey,
      createdAt: importedStory.createdAt,
    },
    ...toCreditsDocument({ authors, subjects }, subjectTree),
  };
}

const fields = ArticleCreateSchema.shape;
const caption = CaptionInputSchema.shape;
const at = InstantInputSchema;
const position = z.number().int().min(0).max(10_000);
const version = z.number().int().min(1).max(2_147_483_647);
const actor = z.string().max(200);

/** A value as exported, or (from a backup made before values were exported) its JSON text. */
const jsonValueOrText = (what: string) =>
  z.unknown().transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be ${what} or its JSON text` });
      return z.NEVER;
    }
  });

/**
 * A revision's snapshot is served by the API and brought back by a restore: it must be an Article,
 * with text the API would store (a snapshot given as JSON text escapes its NULs). Stored as JSON text.
 */
const SnapshotSchema = jsonValueOrText('an article').transform((value, ctx) => {
  const unsafe = findUnsafeText(value, '');
  if (unsafe) {
    ctx.addIssue({ code: 'custom', message: `${unsafe.path ? `${unsafe.path}: ` : ''}${unsafe.message}` });
    return z.NEVER;
  }
  if (StoredArticleSchema.safeParse(value).success) return JSON.stringify(value);
  ctx.addIssue({ code: 'custom', message: 'must be an article' });
  return z.NEVER;
});

/** The fields a revision changed: field names, stored as JSON text. */
const ChangedFieldsSchema = jsonValueOrText('an array of field names').pipe(
  z
    .array(z.string().max(100), 'must be an array of field names')
    .max(100)
    .transform((names) => JSON.stringify(names)),
);

/**
 * What restoring accepts of a line: every value passes the same schemas as the API (slugs, text
 * lengths, URLs, language tags, instants), so a crafted backup cannot store what the API would
 * refuse; unknown members are refused too. The body is sanitised as on any write.
 */
export const ExportDocumentSchema = z.strictObject({
  article: z.strictObject({
    id: IdSchema,
    slug: SlugSchema,
    headline: fields.headline,
    summary: fields.summary,
    byline: fields.byline,
    body: BodyHtmlSchema,
    source: fields.source,
    section: fields.section,
    language: LanguageSchema,
    status: ArticleStatusSchema,
    version,
    createdAt: at,
    updatedAt: at,
    publishedAt: at.nullable(),
    firstPublishedAt: at.nullable(),
    publishAt: at.nullable(),
    unpublishAt: at.nullable(),
    embargoedUntil: at.nullable(),
    deletedAt: at.nullable(),
    // The kill record (issue 22 item 1), exported since it exists; backups from before hold none.
    killedAt: at.nullable().default(null),
    killedBy: actor.nullable().default(null),
    killReason: z.string().max(MAX_KILL_REASON_CHARS).nullable().default(null),
    killNotice: z.string().max(MAX_KILL_NOTICE_CHARS).nullable().default(null),
    unkilledAt: at.nullable().default(null),
    unkilledBy: actor.nullable().default(null),
    unkillReason: z.string().max(MAX_KILL_REASON_CHARS).nullable().default(null),
  }),
  tags: z
    .array(z.strictObject({ position, tag: z.string().trim().min(1).max(64) }))
    .max(20)
    .default([]),
  captions: z
    .array(
      z
        .strictObject({
          id: IdSchema,
          position,
          text: caption.text,
          credit: caption.credit,
          imageUrl: caption.imageUrl,
          altText: caption.altText,
          location: caption.location,
          takenAt: caption.takenAt,
          // Backups written before captions had `takenOn` have none.
          takenOn: caption.takenOn,
          createdAt: at,
          updatedAt: at,
        })
        .superRefine(oneCaptionDate),
    )
    .max(500)
    .default([]),
  related: z
    .array(z.strictObject({ relatedArticleId: IdSchema, position, rel: RelSchema, createdAt: at }))
    .max(500)
    .default([]),
  corrections: z
    .array(
      z.strictObject({
        id: IdSchema,
        kind: z.enum(CORRECTION_KINDS),
        text: CorrectionCreateSchema.shape.text,
        createdAt: at,
        version,
      }),
    )
    .default([]),
  retiredSlugs: z.array(z.strictObject({ slug: SlugSchema, retiredAt: at })).default([]),
  revisions: z
    .array(
      z.strictObject({
        id: IdSchema,
        version,
        createdAt: at,
        action: z.string().regex(/^[a-z_]{1,40}$/),
        changedFields: ChangedFieldsSchema,
        snapshot: SnapshotSchema,
        actor: actor.nullable(),
      }),
    )
    .default([]),
  pendingRelated: z
    .array(
      z.strictObject({
        headlineKey: z.string().min(1).max(300),
        headline: fields.headline,
        position,
        createdAt: at,
      }),
    )
    .max(500)
    .default([]),
  importedStory: z
    .strictObject({
      importKey: z.string().regex(/^[0-9a-f]{64}$/),
      headlineKey: z.string().min(1).max(300),
      createdAt: at,
    })
    .nullable()
    .default(null),
  ...creditsDocumentShape,
});

export type ExportDocument = z.infer<typeof ExportDocumentSchema>;

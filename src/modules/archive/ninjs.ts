import { isPublic } from '../../lib/visibility.js';
import { shownByline } from '../articles/bylines.js';
import type { ExportRow } from './export.repository.js';

/**
 * IPTC ninjs 3.1 (News in JSON) for one article: headline → headlines[], body → bodies[] (HTML),
 * summary → descriptions[], photo captions → associations[] of type picture, related stories →
 * associations[] of type text with their rel. The workflow status maps to pubStatus (published →
 * usable, trashed or archived → canceled, otherwise withheld) and is spelled out in edNote.
 * ninjs is made to be handed on, so the export (toExportedNinjs) names only related stories the
 * public may see at the time of the export (published, out of embargo, not yet taken down, not in
 * the trash); delivery (GET …?format=ninjs) passes the links its caller may see.
 */
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#';

export const articleUri = (id: string): string => `urn:newsroom-cms:article:${id}`;
const captionUri = (id: string): string => `urn:newsroom-cms:caption:${id}`;
const iso = (date: Date | null): string | undefined => date?.toISOString();

type Ninjs = Record<string, unknown>;

type CaptionRow = ExportRow['captions'][number];

/** What the mapping reads: an export row and a delivered article row both carry it. */
export type NinjsSource = Pick<
  ExportRow,
  | 'id'
  | 'version'
  | 'slug'
  | 'headline'
  | 'summary'
  | 'body'
  | 'byline'
  | 'source'
  | 'section'
  | 'language'
  | 'status'
  | 'createdAt'
  | 'updatedAt'
  | 'publishedAt'
  | 'publishAt'
  | 'unpublishAt'
  | 'embargoedUntil'
  | 'deletedAt'
> & {
  tags: Array<{ tag: string }>;
  captions: CaptionRow[];
  related: Array<{ rel: string; relatedArticle: { id: string; slug: string; headline: string } }>;
};

/** Drops absent (null/undefined) and empty-array members: ninjs has no nulls. */
function compact(object: Ninjs): Ninjs {
  return Object.fromEntries(
    Object.entries(object).filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

function pubStatus(row: NinjsSource): 'usable' | 'withheld' | 'canceled' {
  if (row.deletedAt || row.status === 'archived' || row.status === 'killed') return 'canceled';
  return row.status === 'published' ? 'usable' : 'withheld';
}

function workflowNote(row: NinjsSource): string {
  const parts = [`Workflow status: ${row.status}`];
  if (row.publishAt) parts.push(`publish at ${row.publishAt.toISOString()}`);
  if (row.unpublishAt) parts.push(`unpublish at ${row.unpublishAt.toISOString()}`);
  if (row.publishedAt) parts.push(`published at ${row.publishedAt.toISOString()}`);
  if (row.deletedAt) parts.push(`in the trash since ${row.deletedAt.toISOString()}`);
  return parts.join('; ');
}

function pictureOf(caption: CaptionRow): Ninjs {
  return compact({
    name: `picture-${caption.position + 1}`,
    uri: captionUri(caption.id),
    type: 'picture',
    firstCreated: iso(caption.createdAt),
    versionCreated: iso(caption.updatedAt),
    contentCreated: iso(caption.takenAt),
    descriptions: [
      { role: 'caption', contentType: 'text/plain', value: caption.text },
      ...(caption.altText ? [{ role: 'alt', contentType: 'text/plain', value: caption.altText }] : []),
      // contentCreated is a date-time in ninjs: a day alone (no time known) is said as what it is.
      ...(caption.takenOn ? [{ role: 'taken-on', contentType: 'text/plain', value: caption.takenOn }] : []),
    ],
    by: caption.credit,
    located: caption.location,
    renditions: caption.imageUrl ? [{ name: 'original', href: caption.imageUrl }] : undefined,
  });
}

function relatedStoryOf(link: NinjsSource['related'][number]): Ninjs {
  return {
    name: link.relatedArticle.headline,
    uri: articleUri(link.relatedArticle.id),
    type: 'text',
    rel: link.rel,
    slugline: link.relatedArticle.slug,
    headlines: [{ value: link.relatedArticle.headline }],
  };
}

/** For the export, which is handed on: names only related stories the public may see at `now`. */
export function toExportedNinjs(row: ExportRow, now: Date): Ninjs {
  return toNinjs({
    ...row,
    byline: shownByline(row),
    related: row.related.filter((link) => isPublic(link.relatedArticle, now)),
  });
}

export function toNinjs(row: NinjsSource): Ninjs {
  return compact({
    uri: articleUri(row.id),
    standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
    type: 'text',
    representationType: 'full',
    version: String(row.version),
    firstCreated: iso(row.createdAt),
    versionCreated: iso(row.updatedAt),
    embargoedUntil: iso(row.embargoedUntil),
    pubStatus: pubStatus(row),
    edNote: workflowNote(row),
    language: row.language,
    slugline: row.slug,
    headlines: [{ role: 'main', contentType: 'text/plain', value: row.headline }],
    descriptions: row.summary ? [{ role: 'summary', contentType: 'text/plain', value: row.summary }] : undefined,
    bodies: [{ role: 'main', contentType: 'text/html', value: row.body }],
    by: row.byline,
    infoSources: row.source ? [{ name: row.source }] : undefined,
    subjects: [
      ...(row.section ? [{ name: row.section, rel: 'section' }] : []),
      ...row.tags.map((tag) => ({ name: tag.tag, rel: 'tag' })),
    ],
    associations: [...row.captions.map(pictureOf), ...row.related.map(relatedStoryOf)],
  });
}

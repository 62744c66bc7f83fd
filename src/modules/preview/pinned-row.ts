import type { FullRow } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';

const date = (iso: string): Date => new Date(iso);
const dateOrNull = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

/**
 * A revision's snapshot as the row the delivery formats read, so a pinned preview is shaped by the
 * same code as the live story (JSON, ninjs, JSON-LD). A snapshot holds no trash date: it is live.
 */
export function pinnedRow(snapshot: Article): FullRow {
  return {
    id: snapshot.id,
    slug: snapshot.slug,
    headline: snapshot.headline,
    summary: snapshot.summary,
    byline: snapshot.byline,
    source: snapshot.source,
    section: snapshot.section,
    language: snapshot.language,
    status: snapshot.status,
    version: snapshot.version,
    createdAt: date(snapshot.createdAt),
    updatedAt: date(snapshot.updatedAt),
    publishedAt: dateOrNull(snapshot.publishedAt),
    firstPublishedAt: dateOrNull(snapshot.firstPublishedAt),
    publishAt: dateOrNull(snapshot.publishAt),
    unpublishAt: dateOrNull(snapshot.unpublishAt),
    embargoedUntil: dateOrNull(snapshot.embargoedUntil),
    deletedAt: null,
    killedAt: dateOrNull(snapshot.kill?.killedAt),
    killedBy: snapshot.kill?.killedBy ?? null,
    killReason: snapshot.kill?.reason ?? null,
    killNotice: snapshot.kill?.notice ?? null,
    tags: snapshot.tags.map((tag) => ({ tag })),
    body: snapshot.body,
    captions: snapshot.captions.map((caption) => ({
      ...caption,
      takenAt: dateOrNull(caption.takenAt),
      createdAt: date(caption.createdAt),
      updatedAt: date(caption.updatedAt),
    })),
    related: snapshot.related.map((link) => ({
      rel: link.rel,
      position: link.position,
      relatedArticle: { id: link.id, slug: link.slug, headline: link.headline },
    })),
    // Snapshots from before stories had credits hold neither list; the newsroom's view (a preview's) shows every credit.
    authors: (snapshot.authors ?? []).map(({ contributorId, role, name, slug }) => ({
      role,
      contributor: { id: contributorId, name, slug: slug ?? '', active: true },
    })),
    subjects: (snapshot.subjects ?? []).map(({ subjectId, rel, ...subject }) => ({
      rel,
      subject: { id: subjectId, ...subject },
    })),
    corrections: (snapshot.corrections ?? []).map((correction) => ({
      ...correction,
      articleId: snapshot.id,
      createdAt: date(correction.createdAt),
    })),
  };
}

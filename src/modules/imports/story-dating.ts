import type { PreparedStory } from '../story-format/story-preparation.js';
import type { ImportStatus, StoryDating } from './imports.schemas.js';

// The plain-text archive format carries no date of its own, so a story is dated by the import: the
// time it goes live (the default), or what the caller asks for, so an archive story keeps its age
// (and stays out of the news sitemap, which lists only the last two days' publications).

/** A story to write, with the file's modification time when it came from a file (the CLI). */
export type DatedStory = PreparedStory & { modifiedAt?: Date };

/** The latest date a caption of the story gives, a day as the start of that day (UTC). */
export function captionDate(story: PreparedStory): Date | undefined {
  const dates = (story.input.captions ?? []).flatMap(({ takenAt, takenOn }) => {
    if (takenAt) return [takenAt.getTime()];
    return takenOn ? [Date.parse(`${takenOn}T00:00:00Z`)] : [];
  });
  return dates.length ? new Date(Math.max(...dates)) : undefined;
}

/** The date the caller asked for, when the story has it: undefined leaves the default. */
function askedDate(story: DatedStory, dating: StoryDating): Date | undefined {
  if (dating.dateFrom === 'caption') return captionDate(story) ?? dating.publishedAt;
  if (dating.dateFrom === 'file-mtime') return story.modifiedAt ?? dating.publishedAt;
  return dating.publishedAt;
}

/**
 * `publishedAt` of a new imported story. A date asked for is kept on a draft too, so publishing it
 * later keeps it (publishing sets `publishedAt` only when it is unset); otherwise a published story
 * is dated now and a draft stays undated until it is published.
 */
export function publishedAtOf(story: DatedStory, dating: StoryDating, status: ImportStatus, now: Date): Date | null {
  return askedDate(story, dating) ?? (status === 'published' ? now : null);
}

/** True when caption dates were asked for and the story has none (nor a --published-at to fall back on). */
export const lacksAskedDate = (story: DatedStory, dating: StoryDating): boolean =>
  dating.dateFrom === 'caption' && dating.publishedAt === undefined && captionDate(story) === undefined;

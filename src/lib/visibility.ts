import type { Dialect } from '../db/client.js';
import { Prisma } from '../db/generated/sqlite/client.js';
import { sqlInstant } from '../db/sql-instants.js';
import type { Viewer } from './access.js';
import { earliest, latest } from './cache-control.js';

/*
 * Who may see a story when. The rule is written once, as data (RULE), and every form a module
 * needs is generated from it: a Prisma filter, SQL conditions and a state per dialect, and tests
 * on stories already read. Nothing else spells it out.
 */

const { sql, raw, join } = Prisma;
type Sql = Prisma.Sql;

type Instant = Date | string;
const timeOf = (at: Instant): number => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/** What the rule reads of a story; instants as dates or ISO text (change events carry text). */
export interface VisibilityFacts {
  deletedAt: Instant | null;
  status: string;
  embargoedUntil: Instant | null;
  unpublishAt: Instant | null;
}

/**
 * One condition of the rule on one column: `absent` (null), `published` (that status), `reached`
 * (null, or at or before the instant: an embargo lifts at that very instant), `ahead` (null, or
 * after it: a story comes down at its unpublishAt). `otherwise` is where the story stands for the
 * public when this is the first condition that fails (stateSql).
 */
interface Condition {
  field: keyof VisibilityFacts;
  column: string;
  holds: 'absent' | 'published' | 'reached' | 'ahead';
  otherwise: PublicState;
}

/** `v` visible, `x` not published or trashed, `e` embargoed, `u` past its unpublishAt. */
export type PublicState = 'v' | 'x' | 'e' | 'u';

/** Trashed stories are hidden from everyone outside /v1/trash. */
const LIVE: Condition = { field: 'deletedAt', column: 'deleted_at', holds: 'absent', otherwise: 'x' };

/**
 * The public sees a live story that is published, from the end of its embargo until its
 * unpublishAt, at those very instants, whether or not the scheduler has run yet.
 */
const PUBLIC: readonly Condition[] = [
  { field: 'status', column: 'status', holds: 'published', otherwise: 'x' },
  { field: 'embargoedUntil', column: 'embargoed_until', holds: 'reached', otherwise: 'e' },
  { field: 'unpublishAt', column: 'unpublish_at', holds: 'ahead', otherwise: 'u' },
];

const RULE: readonly Condition[] = [LIVE, ...PUBLIC];
const conditionsFor = (viewer: Viewer): readonly Condition[] => (viewer.newsroom ? [LIVE] : RULE);

function prismaOf({ field, holds }: Condition, now: Date): Prisma.ArticleWhereInput {
  switch (holds) {
    case 'absent':
      return { [field]: null };
    case 'published':
      return { [field]: 'published' };
    case 'reached':
      return { OR: [{ [field]: null }, { [field]: { lte: now } }] };
    case 'ahead':
      return { OR: [{ [field]: null }, { [field]: { gt: now } }] };
  }
}

// On SQLite the unary + keeps the planner off the deleted_at index (nearly every row is NULL
// there), which would cost lists a sort of every story; lookups by id do not mind.
function sqlOf({ column, holds }: Condition, dialect: Dialect, at: Sql, alias: string): Sql {
  const c = raw(`${alias}.${column}`);
  switch (holds) {
    case 'absent':
      return dialect === 'sqlite' ? sql`+${c} IS NULL` : sql`${c} IS NULL`;
    case 'published':
      return sql`${c} = 'published'`;
    case 'reached':
      return sql`(${c} IS NULL OR ${c} <= ${at})`;
    case 'ahead':
      return sql`(${c} IS NULL OR ${c} > ${at})`;
  }
}

function holdsFor({ field, holds }: Condition, story: VisibilityFacts, now: Date): boolean {
  const value = story[field];
  switch (holds) {
    case 'absent':
      return value === null;
    case 'published':
      return value === 'published';
    case 'reached':
      return value === null || timeOf(value) <= now.getTime();
    case 'ahead':
      return value === null || timeOf(value) > now.getTime();
  }
}

/** The articles a viewer may see at `now`, as a Prisma filter. */
export function visibleWhere(viewer: Viewer, now: Date): Prisma.ArticleWhereInput {
  const [only, ...more] = conditionsFor(viewer).map((c) => prismaOf(c, now));
  return more.length ? { AND: [only as Prisma.ArticleWhereInput, ...more] } : (only as Prisma.ArticleWhereInput);
}

/** visibleWhere as SQL conditions over articles `alias` (to be joined with AND). */
export const visibleSql = (viewer: Viewer, dialect: Dialect, now: Date, alias = 'a'): Sql[] =>
  conditionsFor(viewer).map((c) => sqlOf(c, dialect, sqlInstant(dialect, now), alias));

/**
 * Where a story (articles `alias`) stands for the public at `now`, as a SQL expression giving a
 * PublicState: the `otherwise` of the first condition that fails, `v` when none does. Distinct
 * letters, so a state that changes by the clock alone (e → v → u) never repeats a key.
 */
export function publicStateSql(dialect: Dialect, now: Date, alias: string): Sql {
  const at = sqlInstant(dialect, now);
  const whens = RULE.map((c) => sql`WHEN NOT (${sqlOf(c, dialect, at, alias)}) THEN ${raw(`'${c.otherwise}'`)}`);
  return sql`CASE ${join(whens, ' ')} ELSE 'v' END`;
}

/** visibleWhere for the public, as a test on a story already read. */
export const isPublic = (story: VisibilityFacts, now: Date): boolean => RULE.every((c) => holdsFor(c, story, now));

/**
 * Whether the public could see the story at some instant from `from` to `to` (both included): what
 * the rule says of a state that held over that time (a story between two writes). The clock moves
 * it in by its embargo (`reached`: from then on) and out by its unpublishAt (`ahead`: until then).
 */
export function publicDuring(story: VisibilityFacts, from: Date, to: Date): boolean {
  let first = from.getTime();
  let end = Number.POSITIVE_INFINITY;
  for (const c of RULE) {
    const value = story[c.field];
    if (c.holds === 'reached' && value !== null) first = Math.max(first, timeOf(value));
    else if (c.holds === 'ahead' && value !== null) end = Math.min(end, timeOf(value));
    else if (!holdsFor(c, story, to)) return false;
  }
  return first <= to.getTime() && first < end;
}

/** Still under embargo at `now` (it lifts at that very instant). */
export function embargoActive(until: Instant | null, now: Date): boolean {
  return until !== null && timeOf(until) > now.getTime();
}

/** The embargo still to lift, or null. */
export const pendingEmbargo = (until: Date | null, now: Date): Date | null =>
  until && embargoActive(until, now) ? until : null;

/** The embargo already lifted (it changed what the public sees at that instant), or null. */
export const liftedEmbargo = (until: Date | null, now: Date): Date | null =>
  until && !embargoActive(until, now) ? until : null;

/** What the newsroom is told of an embargo still running (Embargoed-Until); the public is told nothing. */
export function embargoNotice(embargoedUntil: Date | null, viewer: Viewer, now: Date): string | null {
  return viewer.newsroom ? (pendingEmbargo(embargoedUntil, now)?.toISOString() ?? null) : null;
}

interface Schedule {
  status: string;
  publishAt: Date | null;
  unpublishAt: Date | null;
  embargoedUntil: Date | null;
}

/** When a story next appears or disappears for the public by schedule: publish, embargo lifting, unpublish. */
export function nextScheduledChange(story: Schedule, now: Date): Date | null {
  const embargo = pendingEmbargo(story.embargoedUntil, now);
  if (story.status === 'scheduled') return latest(story.publishAt, embargo);
  if (story.status !== 'published') return null;
  return earliest(embargo, story.unpublishAt);
}

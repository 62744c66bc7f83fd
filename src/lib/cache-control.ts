/** Lifetimes (seconds) for published content delivered to the public. */
export interface CachePolicy {
  maxAge: number;
  sMaxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
}

/** `shared`: CDNs may store it; `browser`: only the caller's own cache (keyed reads); `none`: editor views. */
export type CacheAudience = 'shared' | 'browser' | 'none';

/**
 * When what a response shows changes by schedule: `changesAt` the next change of what it shows (a
 * story's unpublishAt, which its readers can see), `hiddenChangesAt` the next change that comes from
 * stories it does not show (a scheduled publish, an embargo lifting): their instants are not the
 * public's to learn.
 */
export interface ScheduledChanges {
  changesAt: Date | null;
  hiddenChangesAt: Date | null;
}

const secondsUntil = (at: Date | null, now: Date): number =>
  at ? Math.max(0, Math.floor((at.getTime() - now.getTime()) / 1000)) : Number.POSITIVE_INFINITY;

/**
 * The Cache-Control value of a delivery response. No cache may keep serving it past the next
 * change of what it shows: not fresh, and not stale either. A change among the stories it hides
 * bounds only max-age and s-maxage, cut down to whole minutes, so no lifetime tells its instant to
 * the second, and the stale allowances say nothing of it: a copy served a little stale only shows
 * a story late.
 */
export function cacheControl(
  policy: CachePolicy,
  audience: CacheAudience,
  now: Date,
  { changesAt, hiddenChangesAt }: ScheduledChanges,
): string {
  if (audience === 'none') return 'private, no-store';
  const until = secondsUntil(changesAt, now);
  const hiddenUntil = Math.floor(secondsUntil(hiddenChangesAt, now) / 60) * 60;
  const shownMaxAge = Math.min(policy.maxAge, until);
  const shownSMaxAge = Math.min(policy.sMaxAge, until);
  const longest = audience === 'shared' ? Math.max(shownMaxAge, shownSMaxAge) : shownMaxAge;
  const swr = Math.min(policy.staleWhileRevalidate, until - longest);
  const sie = Math.min(policy.staleIfError, until - longest);
  const maxAge = Math.min(shownMaxAge, hiddenUntil);
  const sMaxAge = Math.min(shownSMaxAge, hiddenUntil);
  const lifetimes = audience === 'shared' ? [`max-age=${maxAge}`, `s-maxage=${sMaxAge}`] : [`max-age=${maxAge}`];
  return [
    audience === 'shared' ? 'public' : 'private',
    ...lifetimes,
    `stale-while-revalidate=${swr}`,
    `stale-if-error=${sie}`,
  ].join(', ');
}

/** The earliest of some instants, ignoring absent ones. */
export function earliest(...instants: Array<Date | null | undefined>): Date | null {
  let first: Date | null = null;
  for (const instant of instants) if (instant && (!first || instant < first)) first = instant;
  return first;
}

/** The latest of some instants, ignoring absent ones. */
export function latest(...instants: Array<Date | null | undefined>): Date | null {
  let last: Date | null = null;
  for (const instant of instants) if (instant && (!last || instant > last)) last = instant;
  return last;
}

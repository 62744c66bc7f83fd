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
 * The Cache-Control value of a delivery response. When the content changes at a known instant (a
 * scheduled publish, an unpublish, an embargo lifting), no cache may keep serving it past that
 * instant: not fresh, and not stale either.
 */
export function cacheControl(policy: CachePolicy, audience: CacheAudience, now: Date, changesAt: Date | null): string {
  if (audience === 'none') return 'private, no-store';
  const until = changesAt
    ? Math.max(0, Math.floor((changesAt.getTime() - now.getTime()) / 1000))
    : Number.POSITIVE_INFINITY;
  const maxAge = Math.min(policy.maxAge, until);
  const sMaxAge = Math.min(policy.sMaxAge, until);
  const longest = audience === 'shared' ? Math.max(maxAge, sMaxAge) : maxAge;
  const swr = Math.min(policy.staleWhileRevalidate, until - longest);
  const sie = Math.min(policy.staleIfError, until - longest);
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

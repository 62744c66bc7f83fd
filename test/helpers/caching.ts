import type { LightMyRequestResponse } from 'fastify';
import { testClock } from './instances.js';

/** Cache lifetimes unlike the defaults, so a test sees they come from the settings. */
export const CACHE_ENV = {
  CACHE_MAX_AGE_SECONDS: '120',
  CACHE_S_MAXAGE_SECONDS: '600',
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: '30',
  CACHE_STALE_IF_ERROR_SECONDS: '3600',
};
/** The Cache-Control of public content under CACHE_ENV, with no scheduled instant near. */
export const PUBLIC_POLICY = 'public, max-age=120, s-maxage=600, stale-while-revalidate=30, stale-if-error=3600';

/** A test clock from `start`, and the instant some seconds after it. */
export function timeline(start: string) {
  const clock = testClock(start);
  const at = (seconds: number) => new Date(Date.parse(start) + seconds * 1000).toISOString();
  return { clock, at };
}

/** Headers that name the request or the instance's rate-limit counter, not the representation. */
const PER_REQUEST = new Set([
  'x-request-id',
  'date',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
]);

/** What a cached and an uncached instance must answer alike: status, headers but PER_REQUEST, body. */
export const representation = (response: LightMyRequestResponse) => ({
  status: response.statusCode,
  headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => !PER_REQUEST.has(name))),
  body: response.body,
});

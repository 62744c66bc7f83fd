import { PreconditionFailedError, PreconditionRequiredError } from './errors.js';

/** Strong ETag of an article at a version. Captions and related links share their article's ETag. */
export const etagFor = (version: number): string => `"v${version}"`;

/** The version an If-Match header names, or throws 428 when absent. A malformed value is stale. */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw new PreconditionRequiredError();
  const match = /^"v(\d{1,9})"$/.exec(header.trim());
  return match ? Number(match[1]) : -1;
}

export function assertVersion(expected: number, current: number, what?: string): void {
  if (expected !== current) throw new PreconditionFailedError(current, etagFor(current), what);
}

/** True when an If-None-Match header matches the current ETag (weak comparison, as RFC 9110 asks). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

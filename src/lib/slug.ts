import slugify from '@sindresorhus/slugify';

const MAX_BASE_LENGTH = 80;

/** A URL slug for a headline: transliterated to ASCII, at most 80 characters, cut at a word. */
export function slugFromHeadline(headline: string): string {
  const slug = slugify(headline, { decamelize: false });
  if (!slug) return 'story';
  if (slug.length <= MAX_BASE_LENGTH) return slug;
  const cut = slug.slice(0, MAX_BASE_LENGTH + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return lastHyphen > 20 ? cut.slice(0, lastHyphen) : slug.slice(0, MAX_BASE_LENGTH).replace(/-+$/, '');
}

/** The first of `base`, `base-2`, `base-3`, … that is not in `taken`. */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/**
 * `base` with a suffix from a new story's id (the random tail of its UUIDv7): what a generated
 * slug falls back to after losing races for `base`, `base-2`, … to concurrent writers.
 */
export function slugWithIdSuffix(base: string, id: string): string {
  return `${base}-${id.replaceAll('-', '').slice(-8)}`;
}

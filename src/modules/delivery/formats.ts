import Negotiator from 'negotiator';
import { NotAcceptableError } from '../../lib/errors.js';

/** The representations of one article, by `format` name; the first is the default. */
export const ARTICLE_MEDIA_TYPES = {
  json: 'application/json',
  ninjs: 'application/ninjs+json',
  jsonld: 'application/ld+json',
} as const;

export type ArticleFormat = keyof typeof ARTICLE_MEDIA_TYPES;

const FORMATS = Object.keys(ARTICLE_MEDIA_TYPES) as ArticleFormat[];
const MEDIA_TYPES = Object.values(ARTICLE_MEDIA_TYPES);
const BY_MEDIA_TYPE = new Map(FORMATS.map((format) => [ARTICLE_MEDIA_TYPES[format], format]));
const available = FORMATS.map((format) => `${format} (${ARTICLE_MEDIA_TYPES[format]})`);

/** `?format=` wins over Accept; no Accept, or one that takes anything, gets JSON. */
export function negotiateFormat(format: string | undefined, accept: string | undefined): ArticleFormat {
  if (format !== undefined) {
    if ((FORMATS as string[]).includes(format)) return format as ArticleFormat;
    throw new NotAcceptableError(
      `There is no format "${format.slice(0, 40)}": ask for one of ${FORMATS.join(', ')}.`,
      available,
    );
  }
  if (accept === undefined || accept.trim() === '') return 'json';
  const chosen = new Negotiator({ headers: { accept } }).mediaType(MEDIA_TYPES);
  const found = chosen && BY_MEDIA_TYPE.get(chosen as (typeof MEDIA_TYPES)[number]);
  if (!found) {
    throw new NotAcceptableError(
      `This article is available as ${MEDIA_TYPES.join(', ')}; the Accept header allows none of them.`,
      available,
    );
  }
  return found;
}

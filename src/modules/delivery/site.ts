import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { requestOrigin } from '../../plugins/host-header.js';

/** The publication that delivers the stories, and where each story lives on the web. */
export interface Site {
  name: string;
  /** The publication's language (SITE_LANGUAGE); each story has its own too. */
  language: string;
  /** Home page of the publication (SITE_URL), else this API's base URL. */
  url: string;
  logoUrl: string | null;
  /** The API's own base URL, for the self links of feeds. */
  apiBase: string;
  articleUrl(article: { id: string; slug: string }): string;
}

/** PUBLIC_BASE_URL when set; otherwise the origin the request came to (its Host validated on arrival). */
export function siteFor(config: Config, request: FastifyRequest): Site {
  // Through URL, so a default port or a trailing slash never makes two spellings of one address.
  const apiBase = new URL(config.PUBLIC_BASE_URL ?? requestOrigin(request)).href.replace(/\/+$/, '');
  const template = config.ARTICLE_URL_TEMPLATE ?? `${apiBase}/v1/articles/slug/{slug}`;
  return {
    name: config.SITE_NAME,
    language: config.SITE_LANGUAGE,
    url: config.SITE_URL ?? apiBase,
    logoUrl: config.SITE_LOGO_URL ?? null,
    apiBase,
    articleUrl: ({ id, slug }) =>
      template.replaceAll('{slug}', encodeURIComponent(slug)).replaceAll('{id}', encodeURIComponent(id)),
  };
}

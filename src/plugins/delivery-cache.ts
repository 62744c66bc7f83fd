import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import vary from 'vary';
import { type CacheAudience, type CachePolicy, cacheControl } from '../lib/cache-control.js';
import { tagsWithinBudget } from '../lib/cache-tags.js';
import { matchesIfNoneMatch } from '../lib/etag.js';
import { embargoNotice } from '../lib/visibility.js';

/** What a delivery response says about itself, for caches. */
export interface DeliveryMeta {
  /** The validator; when absent a weak ETag is derived from the body. */
  etag?: string;
  lastModified?: Date | null;
  /** What the response contains (lib/cache-tags.ts), most specific first. */
  cacheTags: string[];
  /** The next scheduled publish, unpublish or embargo instant that changes this response. */
  changesAt?: Date | null;
  /** Request headers the representation is chosen by, besides Authorization (e.g. Accept). */
  vary?: string[];
  /** A story's embargo: while it runs, the newsroom's responses say until when (Embargoed-Until). */
  embargoedUntil?: Date | null;
  /** The Content-Type of a string body. */
  contentType?: string;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Sends a delivery response with its caching headers, or a 304 when the caller's copy is current. */
    deliver(meta: DeliveryMeta, payload: unknown): FastifyReply;
  }
  interface FastifyContextConfig {
    /** A delivery route: its errors are never cached. */
    delivery?: boolean;
  }
}

export interface DeliveryCacheOptions {
  policy: CachePolicy;
  publicRead: boolean;
  now: () => Date;
}

export const weakEtag = (payload: unknown): string =>
  `W/"${createHash('sha256')
    .update(typeof payload === 'string' ? payload : JSON.stringify(payload))
    .digest('base64url')
    .slice(0, 27)}"`;

/** Bytes given to deliver (a cached answer) are UTF-8 text: named so, as Fastify names a string's. */
const utf8 = (contentType: string): string =>
  /;\s*charset=/i.test(contentType) ? contentType : `${contentType}; charset=utf-8`;

/** RFC 9110 §13.1.3: If-Modified-Since only counts without If-None-Match, and only to the second. */
function notModified(
  headers: Record<string, string | string[] | undefined>,
  etag: string,
  lastModified: Date | null | undefined,
): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') return matchesIfNoneMatch(ifNoneMatch, etag);
  const ifModifiedSince = headers['if-modified-since'];
  if (typeof ifModifiedSince !== 'string' || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

export const deliveryCachePlugin = fp<DeliveryCacheOptions>(async function deliveryCachePlugin(
  app: FastifyInstance,
  { policy, publicRead, now },
) {
  /** Editors see drafts: never stored. A keyed read on a private server: the caller's cache only. */
  const audienceOf = (reply: FastifyReply): CacheAudience => {
    if (reply.request.viewer.newsroom) return 'none';
    return !publicRead && reply.request.headers.authorization ? 'browser' : 'shared';
  };

  app.decorateReply('deliver', function deliver(this: FastifyReply, meta: DeliveryMeta, payload: unknown) {
    const etag = meta.etag ?? weakEtag(payload);
    const tags = tagsWithinBudget(meta.cacheTags);
    this.header('cache-control', cacheControl(policy, audienceOf(this), now(), meta.changesAt ?? null));
    this.header('etag', etag);
    if (meta.lastModified) this.header('last-modified', meta.lastModified.toUTCString());
    const embargo = embargoNotice(meta.embargoedUntil ?? null, this.request.viewer, now());
    if (embargo) this.header('embargoed-until', embargo);
    this.header('surrogate-key', tags.join(' '));
    this.header('cache-tag', tags.join(','));
    let varyHeader = String(this.getHeader('vary') ?? '');
    for (const field of ['Authorization', ...(meta.vary ?? [])]) varyHeader = vary.append(varyHeader, field);
    this.header('vary', varyHeader);
    if (notModified(this.request.headers, etag, meta.lastModified)) return this.code(304).send();
    if (meta.contentType) this.type(Buffer.isBuffer(payload) ? utf8(meta.contentType) : meta.contentType);
    return this.send(payload);
  });

  // An error (a 404 for a story about to be published, a 406) must not be kept by a CDN.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config.delivery && reply.statusCode >= 400) reply.header('cache-control', 'no-store');
    return payload;
  });
});

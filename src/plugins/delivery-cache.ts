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
  /** The next scheduled instant that changes what this response shows (a shown story's unpublishAt). */
  changesAt?: Date | null;
  /** The next scheduled publish or embargo lifting of a story it does not show that may join it (lib/cache-control.ts). */
  hiddenChangesAt?: Date | null;
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
    /** A 301 that caches may keep as long as a delivered answer (its ETag and dates aside). */
    deliverRedirect(meta: DeliveryMeta, url: string): FastifyReply;
    /** Marks an answer that depends on the caller and must not be kept (an editor's: `private` too). */
    neverStored(): FastifyReply;
    /** Gives an answer sent otherwise the caching headers of a delivered one (a 410 for a story gone for good). */
    keptLikeDelivered(meta: DeliveryMeta): FastifyReply;
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

function varyBy(reply: FastifyReply, fields: string[]): void {
  let value = String(reply.getHeader('vary') ?? '');
  for (const field of fields) value = vary.append(value, field);
  reply.header('vary', value);
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

  /** What every delivered answer carries: its lifetimes, its cache tags, what it varies by. */
  const lifetimeHeaders = (reply: FastifyReply, meta: DeliveryMeta): void => {
    const tags = tagsWithinBudget(meta.cacheTags);
    const changes = { changesAt: meta.changesAt ?? null, hiddenChangesAt: meta.hiddenChangesAt ?? null };
    reply.header('cache-control', cacheControl(policy, audienceOf(reply), now(), changes));
    reply.header('surrogate-key', tags.join(' '));
    reply.header('cache-tag', tags.join(','));
    varyBy(reply, ['Authorization', ...(meta.vary ?? [])]);
  };

  app.decorateReply('deliver', function deliver(this: FastifyReply, meta: DeliveryMeta, payload: unknown) {
    const etag = meta.etag ?? weakEtag(payload);
    lifetimeHeaders(this, meta);
    this.header('etag', etag);
    if (meta.lastModified) this.header('last-modified', meta.lastModified.toUTCString());
    const embargo = embargoNotice(meta.embargoedUntil ?? null, this.request.viewer, now());
    if (embargo) this.header('embargoed-until', embargo);
    if (notModified(this.request.headers, etag, meta.lastModified)) return this.code(304).send();
    if (meta.contentType) this.type(Buffer.isBuffer(payload) ? utf8(meta.contentType) : meta.contentType);
    return this.send(payload);
  });

  app.decorateReply('deliverRedirect', function deliverRedirect(this: FastifyReply, meta: DeliveryMeta, url: string) {
    lifetimeHeaders(this, meta);
    return this.redirect(url, 301);
  });

  app.decorateReply('keptLikeDelivered', function keptLikeDelivered(this: FastifyReply, meta: DeliveryMeta) {
    lifetimeHeaders(this, meta);
    return this;
  });

  app.decorateReply('neverStored', function neverStored(this: FastifyReply) {
    this.header('cache-control', this.request.viewer.newsroom ? 'private, no-store' : 'no-store');
    varyBy(this, ['Authorization']);
    return this;
  });

  // An error (a 404 for a story about to be published, a 406) must not be kept by a CDN.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config.delivery && reply.statusCode >= 400) reply.header('cache-control', 'no-store');
    return payload;
  });
});

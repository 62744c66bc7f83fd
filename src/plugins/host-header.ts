import { isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError } from '../lib/errors.js';

/** `name[:port]`: a DNS name or IPv4 address (letters, digits, `-`, `_`, `.`), or `[IPv6]`; port 0–65535. */
const HOST = /^(?:([a-z0-9_](?:[a-z0-9_.-]{0,252}))|\[([0-9a-f:.]{2,45})\])(?::(\d{0,5}))?$/i;

function isValidHost(host: string): boolean {
  const match = HOST.exec(host);
  if (!match) return false;
  const [, name, ipv6, port] = match;
  if (name === undefined && !isIPv6(ipv6 as string)) return false;
  return port === undefined || port === '' || Number(port) <= 65535;
}

/** The header the request's host came from: X-Forwarded-Host when a trusted proxy sent it. */
function hostHeader(request: FastifyRequest): string {
  return request.host === (request.headers.host ?? '') ? 'host' : 'x-forwarded-host';
}

/**
 * The origin a request came to, for links when PUBLIC_BASE_URL is unset. The host hook below has
 * refused a malformed one already; an absent one (HTTP/1.0) cannot name an origin at all.
 */
export function requestOrigin(request: FastifyRequest): string {
  if (request.host === '') {
    throw new ValidationError([
      { path: 'headers.host', message: 'is required to build links (or set PUBLIC_BASE_URL)' },
    ]);
  }
  return `${request.protocol}://${request.host}`;
}

/**
 * A Host (or trusted X-Forwarded-Host / X-Forwarded-Proto) that is not `host[:port]` over http(s)
 * is a 400 (RFC 9112 §3.2) on every route, before anything reads it: links built from the address
 * a request came to (feeds, the sitemap, JSON-LD) only ever see a well-formed one.
 */
export const hostHeaderPlugin = fp(async function hostHeaderPlugin(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const { host, protocol } = request;
    if (host !== '' && !isValidHost(host)) {
      throw new ValidationError([{ path: `headers.${hostHeader(request)}`, message: 'must be host[:port]' }]);
    }
    if (protocol !== 'http' && protocol !== 'https') {
      throw new ValidationError([{ path: 'headers.x-forwarded-proto', message: 'must be http or https' }]);
    }
  });
});

import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** 2000::/3, the only IPv6 block IANA allocates for global unicast. */
const isGlobalUnicastBlock = (bytes: number[]): boolean => ((bytes[0] ?? 0) & 0xe0) === 0x20;

/**
 * Webhook targets must be public internet addresses: a CMS that POSTs wherever an admin points it
 * must not become a way into the private network (metadata services, databases, admin panels).
 * IPv4 passes only in ipaddr.js's `unicast` range (not loopback, private, link-local, CGNAT,
 * multicast, reserved). IPv6 passes only inside 2000::/3 and in its `unicast` range, so every form
 * that embeds an IPv4 address (IPv4-compatible `::a.b.c.d`, IPv4-mapped, NAT64, 6to4, Teredo) and
 * every non-global block (loopback, link-local, unique-local, site-local, documentation) is
 * refused. The test is on the parsed bytes, never on ipaddr.js's own IPv4 conversion: it reads
 * `::127.0.0.1` as IPv4-mapped, while `::7f00:1`, the same address, stays IPv6 `unicast`.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  return isGlobalUnicastBlock(parsed.toByteArray()) && parsed.range() === 'unicast';
}

export type TargetCheck = { ok: true } | { ok: false; reason: string };

/** Checks a target URL's host: an IP literal directly, a name by every address it resolves to. */
export async function checkTarget(url: string): Promise<TargetCheck> {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) {
    return isPublicAddress(host) ? { ok: true } : { ok: false, reason: `${host} is not a public address` };
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return { ok: false, reason: `${host} does not resolve` };
  }
  const refused = addresses.find((a) => !isPublicAddress(a.address));
  return refused
    ? { ok: false, reason: `${host} resolves to ${refused.address}, which is not a public address` }
    : { ok: true };
}

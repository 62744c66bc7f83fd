import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Webhook targets must be public internet addresses: a CMS that POSTs wherever an admin points it
 * must not become a way into the private network (metadata services, databases, admin panels).
 * Only ipaddr.js's `unicast` range passes: loopback, private, link-local, unique-local, CGNAT,
 * multicast, reserved, 6to4/Teredo/NAT64 (which can embed a private IPv4) are all refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
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

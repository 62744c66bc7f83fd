import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { isPublicAddress } from './target-guard.js';

export interface SendResult {
  /** The receiver's HTTP status, when it answered. */
  statusCode: number | null;
  /** Why there is no 2xx, in words safe to store and show (never a header or the secret). */
  error: string | null;
  latencyMs: number;
  /** True when the send was cut short because this instance is stopping. */
  interrupted: boolean;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Aborted when the dispatcher stops. */
  signal: AbortSignal;
}

/** How much of a receiver's answer is read (and thrown away): a receiver cannot make us buffer more. */
const MAX_RESPONSE_BYTES = 64 * 1024;

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Resolves like dns.lookup, but fails when any address is not public. The connection then goes to
 * an address checked here, so a name that resolved to a public address when the webhook was saved
 * and to 127.0.0.1 now (DNS rebinding) is refused at send time.
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || !addresses[0]) {
      const denied = Object.assign(
        new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`),
        { code: 'ETARGETREFUSED' },
      );
      return callback(denied, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** POSTs one webhook body; never throws: every outcome is a SendResult. Redirects are not followed. */
export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null, interrupted = false): SendResult => ({
    statusCode,
    error,
    interrupted,
    latencyMs: Math.round(performance.now() - started),
  });
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!options.allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) {
    return Promise.resolve(done(null, `${host} is not a public address`));
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([timeout, options.signal]);
  return new Promise((resolve) => {
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        signal,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'newsroom-cms-webhooks/1',
        },
        ...(!options.allowPrivate && { lookup: publicOnlyLookup }),
      },
      (response) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) response.destroy();
        });
        const finish = () => {
          const status = response.statusCode ?? 0;
          resolve(done(status, status >= 200 && status < 300 ? null : `the receiver answered ${status}`));
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (options.signal.aborted) return resolve(done(null, 'interrupted: the dispatcher stopped', true));
      if (timeout.aborted) return resolve(done(null, `no answer within ${options.timeoutMs} ms`));
      resolve(
        done(
          null,
          error.code === 'ETARGETREFUSED'
            ? error.message
            : `could not reach the receiver (${error.code ?? error.message})`,
        ),
      );
    });
    request.end(body);
  });
}

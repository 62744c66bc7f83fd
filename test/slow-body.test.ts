import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, listeningTestApp } from './helpers/app.js';

/**
 * Bodies that trickle in (one byte every 100 ms here, every 5 s in the report) hold a socket no
 * longer than the configured bounds: LINGER_TIMEOUT_MS once the answer went out early (401, 404),
 * REQUEST_TIMEOUT_MS (then a 408) while a route still waits for the body. Before, neither bound
 * existed and such a socket stayed open for as long as the client kept sending.
 */
const REQUEST_TIMEOUT_MS = 2000;
const LINGER_TIMEOUT_MS = 200;
const served = listeningTestApp({
  REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  LINGER_TIMEOUT_MS: String(LINGER_TIMEOUT_MS),
});

interface SlowRun {
  response: string;
  openMs: number;
  bytesSent: number;
}

/** Sends the head, then the 10,000-byte body one byte every 100 ms (16+ minutes) until the server closes. */
function trickle(head: string[]): Promise<SlowRun> {
  const { port } = new URL(served.base);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let response = '';
    let bytesSent = 0;
    const timer = setInterval(() => {
      if (socket.writable) {
        socket.write('x');
        bytesSent += 1;
      }
    }, 100);
    const giveUp = setTimeout(() => socket.destroy(new Error('still open after 20 s')), 20_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      response += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const openMs = Date.now() - started;
      if (openMs >= 20_000) reject(new Error(`socket still open after ${openMs} ms`));
      else resolve({ response, openMs, bytesSent });
    });
    socket.write(
      [...head, 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: 10000', '', ''].join('\r\n'),
    );
  });
}

describe('a body sent one byte at a time', () => {
  it('after an early 401 the connection closes within LINGER_TIMEOUT_MS, not when the body ends', async () => {
    const run = await trickle(['POST /v1/articles HTTP/1.1']);
    expect(run.response).toMatch(/^HTTP\/1\.1 401 /);
    expect(run.response.toLowerCase()).toContain('connection: close');
    expect(run.response).toContain('application/problem+json');
    expect(run.openMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('after an early 404 the connection closes within LINGER_TIMEOUT_MS', async () => {
    const run = await trickle(['POST /v1/no-such-resource HTTP/1.1']);
    expect(run.response).toMatch(/^HTTP\/1\.1 404 /);
    expect(run.response.toLowerCase()).toContain('connection: close');
    expect(run.openMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('while a route waits for the body, REQUEST_TIMEOUT_MS ends it with a 408 problem', async () => {
    const run = await trickle(['POST /v1/articles HTTP/1.1', `Authorization: Bearer ${ADMIN_KEY}`]);
    expect(run.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(run.response).toContain('"code":"REQUEST_TIMEOUT"');
    // Node looks at incomplete requests once a second (connectionsCheckingInterval).
    expect(run.openMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(run.openMs).toBeLessThan(REQUEST_TIMEOUT_MS + 5000);
    expect(run.bytesSent).toBeLessThan(10_000);
  });

  it('a body that arrives in time is still read whole and answered', async () => {
    const response = await fetch(`${served.base}/v1/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ headline: 'In time', body: '<p>Arrived whole.</p>' }),
    });
    expect([201, 400]).toContain(response.status);
    expect(response.headers.get('connection')).not.toBe('close');
  });
});

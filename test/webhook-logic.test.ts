import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inArticleOrder } from '../src/modules/outbox/sequencer.js';
import { retryDelayMs } from '../src/modules/webhooks/backoff.js';
import { signatureHeaders } from '../src/modules/webhooks/signature.js';
import { isPublicAddress } from '../src/modules/webhooks/target-guard.js';

/** The Standard Webhooks spec's signature, as the hand-written signer computed it before the library did. */
const specSignature = (secret: string, id: string, timestamp: number, body: string) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64')}`;

describe('signatureHeaders', () => {
  it('matches the Standard Webhooks test vector', () => {
    expect(
      signatureHeaders(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it.each([
    [
      `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
      '{"type":"article.created","headline":"Zürich – 東京 ✓ \\u2028"}',
    ],
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqr', ''],
    [`whsec_${'A'.repeat(33)}`, '{"a":"<script>&amp;</script>"}'],
  ])('gives byte for byte the headers of the hand-written HMAC it replaces (%s)', (secret, body) => {
    const id = '01970000-0000-7000-8000-000000000001';
    expect(signatureHeaders(secret, id, 1767225600, body)).toEqual({
      'webhook-id': id,
      'webhook-timestamp': '1767225600',
      'webhook-signature': specSignature(secret, id, 1767225600, body),
    });
  });
});

describe('retryDelayMs', () => {
  it('doubles per failure from the base, between half and all of the ceiling, capped at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(500, 1000, 60_000, () => 0.5)).toBe(45_000);
  });
});

describe('inArticleOrder', () => {
  const event = (id: string, articleId: string, version: number, at: string) => ({
    id,
    type: 'article.updated',
    articleId,
    version,
    createdAt: new Date(at),
  });

  it('keeps commit-time order across stories but each story’s versions ascending, whatever the clocks said', () => {
    const events = [
      event('e1', 'a', 3, '2026-01-01T00:00:01Z'), // an instance whose clock runs behind wrote version 3 "earlier"
      event('e2', 'b', 1, '2026-01-01T00:00:02Z'),
      event('e3', 'a', 2, '2026-01-01T00:00:03Z'),
      event('e4', 'a', 4, '2026-01-01T00:00:04Z'),
    ];
    expect(inArticleOrder(events).map((e) => e.id)).toEqual(['e3', 'e2', 'e1', 'e4']);
  });
});

describe('isPublicAddress', () => {
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001::200e'])(
    'accepts %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '2002:7f00:1::1',
    // IPv4-compatible (what a URL makes of [::127.0.0.1]), IPv4-mapped, NAT64 and other embedded forms
    '::7f00:1',
    '::127.0.0.1',
    '::a9fe:a9fe',
    '::a00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:8.8.8.8',
    '::ffff:0:7f00:1',
    '64:ff9b::7f00:1',
    '64:ff9b:1::a9fe:a9fe',
    '2001::7f00:1',
    // not global: site-local, documentation, benchmarking, discard, outside 2000::/3
    'fec0::1',
    '2001:db8::1',
    '2001:2::1',
    '100::1',
    '4000::1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

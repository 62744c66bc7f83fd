import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { admin, type TestApp } from './app.js';
import type { Received } from './receiver.js';

/** Fast retries and a dispatcher on a short timer, reaching receivers on 127.0.0.1. */
export const FAST_WEBHOOKS = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_DISPATCH_INTERVAL_MS: '20',
  WEBHOOK_RETRY_BASE_MS: '20',
  WEBHOOK_RETRY_MAX_MS: '100',
  WEBHOOK_TIMEOUT_MS: '5000',
  WEBHOOK_MAX_ATTEMPTS: '5',
} as const;

export const ALL_EVENTS = [
  'article.created',
  'article.updated',
  'article.published',
  'article.unpublished',
  'article.archived',
  'article.deleted',
];

export interface CreatedWebhook {
  id: string;
  secret: string;
  [key: string]: unknown;
}

export async function createWebhook(
  t: TestApp,
  url: string,
  events: string[] = ALL_EVENTS,
  extra: Record<string, unknown> = {},
): Promise<CreatedWebhook> {
  const response = await t.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: admin,
    payload: { url, events, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export async function deliveries(t: TestApp, webhookId: string, query = ''): Promise<any[]> {
  const response = await t.inject({
    method: 'GET',
    url: `/v1/webhooks/${webhookId}/deliveries${query}`,
    headers: admin,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

/** What a receiver keeps: each delivery once (a repeat of a webhook-id is at-least-once delivery at work). */
export const unique = (r: { received: Received[] }): Received[] =>
  r.received.filter((x, i) => r.received.findIndex((y) => y.headers['webhook-id'] === x.headers['webhook-id']) === i);

type Verify = (secret: string, headers: Record<string, unknown>, rawBody: string, toleranceSeconds?: number) => boolean;

/** The signature check exactly as the webhook guide shows it to receivers, taken from the guide itself. */
export async function readmeVerifier(): Promise<Verify> {
  const readme = readFileSync(new URL('../../docs/guides/webhooks.md', import.meta.url), 'utf8');
  const block = /<!-- verify-webhook:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-webhook:end -->/.exec(readme);
  if (!block?.[1]) throw new Error('docs/guides/webhooks.md has no verify-webhook snippet');
  const file = join(mkdtempSync(join(tmpdir(), 'cms-verify-')), 'verify-webhook.mjs');
  writeFileSync(file, block[1]);
  const module = (await import(pathToFileURL(file).href)) as { verifyWebhook: Verify };
  return module.verifyWebhook;
}

import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signatures follow the Standard Webhooks scheme (standardwebhooks.com), so receivers can use its
 * libraries or the few lines in the README: HMAC-SHA256, keyed with the base64 part of a
 * `whsec_…` secret, over `<delivery id>.<unix timestamp>.<body>`, sent as `v1,<base64>`.
 */
export const SECRET_PREFIX = 'whsec_';

export const newSecret = (): string => SECRET_PREFIX + randomBytes(32).toString('base64');

export function signatureHeaders(
  secret: string,
  deliveryId: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const signature = createHmac('sha256', key).update(`${deliveryId}.${timestampSeconds}.${body}`).digest('base64');
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}

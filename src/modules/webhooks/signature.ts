import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Signatures follow the Standard Webhooks scheme (standardwebhooks.com), signed by its own library,
 * so receivers can verify with any of its libraries or the few lines in the webhook guide.
 */
export const SECRET_PREFIX = 'whsec_';

export const newSecret = (): string => SECRET_PREFIX + randomBytes(32).toString('base64');

export function signatureHeaders(
  secret: string,
  deliveryId: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': new Webhook(secret).sign(deliveryId, new Date(timestampSeconds * 1000), body),
  };
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

/** A key that only someone presenting `secret` again can derive; the server never stores `secret`. */
const keyFor = (secret: string, context: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, context, 'newsroom-cms stored response', 32));

/** AES-256-GCM: the text can be read back, and is known untampered, only with the same secret and context. */
export function seal(text: string, secret: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, context), iv);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
}

/** The text sealed with this secret and context, or null when either differs or it was altered. */
export function unseal(stored: string, secret: string, context: string): string | null {
  if (!stored.startsWith(PREFIX)) return null;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, context), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

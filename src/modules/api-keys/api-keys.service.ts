import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, Db } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import type { Principal, Role } from '../../lib/access.js';
import { NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import {
  apiKeyExists,
  countApiKeys,
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from './api-keys.repository.js';
import type { ApiKey } from './api-keys.schemas.js';

/** Keys are 256 random bits, so a plain SHA-256 is enough to store them; no slow hash is needed. */
export const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const LAST_USED_RESOLUTION_MS = 60_000;

const toApiKey = (row: {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export class ApiKeysService {
  private readonly envKeyHash: Buffer | null;

  private readonly prisma: Db;

  constructor(
    private readonly database: Pick<Database, 'prisma' | 'sql' | 'dialect'>,
    private readonly now: () => Date,
    envAdminKey?: string,
  ) {
    this.prisma = database.prisma;
    this.envKeyHash = envAdminKey ? Buffer.from(hashKey(envAdminKey), 'hex') : null;
  }

  async create(name: string, role: Role): Promise<ApiKey & { secret: string }> {
    const secret = `cms_${randomBytes(32).toString('base64url')}`;
    // In a transaction so that, with an Idempotency-Key, the key commits with the stored response.
    const row = await inTransaction(this.prisma, (tx) =>
      insertApiKey(tx, {
        id: newId(),
        name,
        role,
        prefix: secret.slice(0, 8),
        hash: hashKey(secret),
        createdAt: this.now(),
      }),
    );
    return { ...toApiKey(row), secret };
  }

  async list(): Promise<ApiKey[]> {
    return (await listApiKeys(this.prisma)).map(toApiKey);
  }

  /** Revoking a revoked key again changes nothing (it keeps its first revocation time). */
  async revoke(id: string): Promise<void> {
    await revokeApiKey(this.prisma, id, this.now());
    if (!(await apiKeyExists(this.prisma, id))) throw new NotFoundError(`No API key ${id}`);
  }

  /** The principal a presented key stands for, or null for an unknown or revoked key. */
  async authenticate(secret: string): Promise<Principal | null> {
    const hash = hashKey(secret);
    if (this.envKeyHash && timingSafeEqual(this.envKeyHash, Buffer.from(hash, 'hex')))
      return { role: 'admin', keyId: null };
    // Looked up on every request (an indexed read), so a revocation takes effect at once on every instance.
    const row = await findApiKeyByHash(this.database.sql, this.database.dialect, hash);
    if (!row || row.revokedAt) return null;
    const now = this.now();
    // Recorded at most once a minute per key, so reads do not each become a write.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await touchApiKey(this.prisma, row.id, now);
    }
    return { role: row.role as Role, keyId: row.id };
  }

  /** On first start with no keys and no CMS_ADMIN_KEY, makes an admin key and returns it to be shown once. */
  async bootstrap(): Promise<string | null> {
    if (this.envKeyHash || (await countApiKeys(this.prisma)) > 0) return null;
    return (await this.create('Bootstrap admin', 'admin')).secret;
  }
}

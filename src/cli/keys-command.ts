import type { Role } from '../lib/access.js';
import { withCli } from './context.js';

export async function createKeyCommand(options: { role: Role; name: string }): Promise<number> {
  return withCli(async ({ services }) => {
    const key = await services.apiKeys.create(options.name, options.role);
    process.stdout.write(
      `Created ${key.role} key "${key.name}"\n  id:     ${key.id}\n  secret: ${key.secret}\n` +
        'The secret is shown only now: store it. Send it as "Authorization: Bearer <secret>".\n',
    );
    return 0;
  });
}

export async function listKeysCommand(): Promise<number> {
  return withCli(async ({ services }) => {
    const keys = await services.apiKeys.list();
    if (!keys.length) process.stdout.write('No API keys.\n');
    for (const key of keys) {
      const state = key.revokedAt
        ? `revoked ${key.revokedAt}`
        : key.lastUsedAt
          ? `last used ${key.lastUsedAt}`
          : 'never used';
      process.stdout.write(
        `${key.id}  ${key.role.padEnd(6)}  ${key.prefix}…  ${key.name}  (created ${key.createdAt}; ${state})\n`,
      );
    }
    return 0;
  });
}

export async function revokeKeyCommand(id: string): Promise<number> {
  return withCli(async ({ services }) => {
    await services.apiKeys.revoke(id);
    process.stdout.write(`Revoked key ${id}: it no longer authenticates.\n`);
    return 0;
  });
}

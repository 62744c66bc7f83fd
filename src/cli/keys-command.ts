import type { Role } from '../lib/access.js';
import { withCli } from './context.js';
import { writeOutput } from './output.js';
import { printableText } from './printable.js';

/**
 * Prints the new key with its secret; with `-o FILE` the file (readable by its owner only) holds
 * just the secret, for scripts (`KEY=$(cat FILE)`), and stdout says where it is.
 */
export async function createKeyCommand(options: { role: Role; name: string; output?: string }): Promise<number> {
  return withCli(async ({ services }) => {
    const key = await services.apiKeys.create(options.name, options.role);
    const created = `Created ${key.role} key "${printableText(key.name)}"\n  id:     ${key.id}\n`;
    if (options.output) {
      await writeOutput(options.output, async (out) => void out.write(`${key.secret}\n`), 0o600);
      process.stdout.write(`${created}  secret: in ${options.output} (shown nowhere else)\n`);
    } else {
      process.stdout.write(
        `${created}  secret: ${key.secret}\n` +
          'The secret is shown only now: store it. Send it as "Authorization: Bearer <secret>".\n',
      );
    }
    return 0;
  });
}

export async function listKeysCommand(options: { output?: string } = {}): Promise<number> {
  return withCli(async ({ services }) => {
    const keys = await services.apiKeys.list();
    const lines: string[] = keys.length ? [] : ['No API keys.\n'];
    for (const key of keys) {
      const state = key.revokedAt
        ? `revoked ${key.revokedAt}`
        : key.lastUsedAt
          ? `last used ${key.lastUsedAt}`
          : 'never used';
      lines.push(
        `${key.id}  ${key.role.padEnd(6)}  ${key.prefix}…  ${printableText(key.name)}  (created ${key.createdAt}; ${state})\n`,
      );
    }
    await writeOutput(options.output, async (out) => void out.write(lines.join('')));
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

/**
 * A real server process that kills itself (SIGKILL, no clean-up) during the first request that
 * carries an Idempotency-Key, at a chosen point of the reply: `preSerialization` (the handler has
 * run, nothing is sent) or `onSend` (after every plugin's onSend, before the first byte is sent).
 * Usage: tsx test/helpers/crash-server.ts <DATABASE_URL> <preSerialization|onSend>
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN_KEY } from './app.js';

const [url, point] = process.argv.slice(2);
if (!url || (point !== 'preSerialization' && point !== 'onSend'))
  throw new Error('usage: crash-server.ts <url> <preSerialization|onSend>');
const app = await buildApp(
  loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY, SCHEDULER_INTERVAL_MS: '0' }),
);
const die = async (request: { headers: Record<string, unknown> }) => {
  if (request.headers['idempotency-key'] !== undefined) process.kill(process.pid, 'SIGKILL');
};
// Added after buildApp's plugins, so these run after theirs.
if (point === 'preSerialization') app.addHook('preSerialization', die);
else app.addHook('onSend', die);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`LISTENING ${address}\n`);

// What bodies that trickle in cost the server: SOCKETS clients each announce a 10,000-byte JSON
// body and send one byte every 5 s, as in issue 20's report: half to POST /v1/articles without a
// key (answered 401 at once, then closed: these clients end their side when the server does), half
// with an editor's key, so the route waits for the body. Prints how many of those connections the
// server still holds after 2, 10, 30 and 70 s, with the default REQUEST_TIMEOUT_MS (60 s) and with
// bounds too long to matter (as before REQUEST_TIMEOUT_MS existed, when such a socket stayed open
// for as long as its client kept sending).
//
//   npx tsx bench/slow-bodies.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 276);
const CHECKPOINTS_S = [2, 10, 30, 70];

async function run(label: string, bounds: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-slow-'));
  const app = await buildApp(
    loadConfig({
      ...process.env,
      ...bounds,
      DATABASE_URL: `file:${join(dir, 'cms.db')}`,
      LOG_LEVEL: 'silent',
      SCHEDULER_INTERVAL_MS: '0',
      WEBHOOK_DISPATCH_INTERVAL_MS: '0',
      RATE_LIMIT_MAX: '100000',
    }),
  );
  const key = await app.services.apiKeys.create('bench', 'editor');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };

  let open = 0;
  const sockets: Socket[] = [];
  for (let i = 0; i < SOCKETS; i++) {
    const socket = connect(port, '127.0.0.1');
    open++;
    socket.on('error', () => {});
    socket.on('close', () => open--);
    socket.on('data', () => {});
    const auth = i % 2 ? `Authorization: Bearer ${key.secret}\r\n` : '';
    socket.write(
      `POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n`,
    );
    sockets.push(socket);
  }
  const trickle = setInterval(() => {
    for (const socket of sockets) if (socket.writable) socket.write('x');
  }, 5000);

  const started = Date.now();
  const figures: string[] = [];
  for (const at of CHECKPOINTS_S) {
    await new Promise((resolve) => setTimeout(resolve, at * 1000 - (Date.now() - started)));
    figures.push(`${at} s: ${open}`);
  }
  clearInterval(trickle);
  for (const socket of sockets) socket.destroy();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`${label.padEnd(44)} still open of ${SOCKETS} after ${figures.join(', ')}`);
  return open;
}

const before = await run('unbounded (REQUEST 1 h, LINGER 10 min)', {
  REQUEST_TIMEOUT_MS: '3600000',
  LINGER_TIMEOUT_MS: '600000',
});
const after = await run('defaults (REQUEST_TIMEOUT_MS 60 s, LINGER 5 s)', {});
console.log(`connections held at 70 s: ${before} → ${after}`);

import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { nodeTs, ROOT } from './helpers/node-ts.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('src/server.ts', () => {
  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const port = await freePort();
    const server = spawn(...nodeTs('src/server.ts'), {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        CMS_ADMIN_KEY: ADMIN_KEY,
        LOG_LEVEL: 'info',
        SCHEDULER_INTERVAL_MS: '0',
      },
    });
    let log = '';
    server.stdout.on('data', (chunk) => (log += chunk));
    server.stderr.on('data', (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    await expect.poll(() => log, { timeout: 20_000, interval: 100 }).toMatch(/Server listening/);

    const body = JSON.stringify({ headline: 'Filed as the server was stopping' });
    const response = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/articles',
          headers: {
            authorization: `Bearer ${ADMIN_KEY}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after SIGTERM: the request is in flight while the server stops.
      // SIGTERM waits until the server has logged the request, however slow a busy machine is.
      req.write(body.slice(0, 10));
      void expect
        .poll(() => log, { timeout: 20_000, interval: 50 })
        .toMatch(/incoming request/)
        .then(() => {
          server.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 300);
        }, reject);
    });

    expect(await response).toBe(201);
    expect(await exited).toBe(0);
    expect(log).toMatch(/shutting down/);
  });
});

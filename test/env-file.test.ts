import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { freePort, nodeTsFromAnywhere } from './helpers/node-ts.js';

// `npm start` as a user runs it: in a directory holding a .env (here a fresh one, never the
// repository's), with whatever the shell exported on top.

let dir: string;
let database: TestDatabase;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cms-env-'));
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const envFile = (name: string, variables: Record<string, string>) =>
  writeFileSync(
    join(dir, name),
    Object.entries(variables)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );

/** The runner's environment without the variables these tests set (the runner's CMS_ENV_FILE included). */
function shellEnv(exported: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['CMS_ENV_FILE', 'PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL', 'CMS_ADMIN_KEY']) delete env[name];
  return { ...env, ...exported };
}

const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health`).then(
    (response) => response.ok,
    () => false,
  );

/** Starts the server in `dir`, waits until it answers on `port` (or exits), asks `probe`, and stops it. */
async function startIn(exported: Record<string, string>, port: number, probe?: (base: string) => Promise<number>) {
  const server = spawn(...nodeTsFromAnywhere('src/server.ts'), { cwd: dir, env: shellEnv(exported) });
  let stderr = '';
  server.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => server.on('exit', resolve));
  let exited = false;
  void exit.then(() => {
    exited = true;
  });
  try {
    const deadline = Date.now() + 150_000; // a start takes over a minute on a loaded 2-core machine
    while (!exited && Date.now() < deadline && !(await answers(port))) await new Promise((r) => setTimeout(r, 200));
    const listening = !exited && (await answers(port));
    return { listening, stderr, probed: listening && probe ? await probe(`http://127.0.0.1:${port}`) : undefined };
  } finally {
    server.kill('SIGTERM');
    await exit;
  }
}

describe('.env in the working directory', () => {
  it('sets what the environment does not: the server listens on the PORT and uses the database the file names', async () => {
    const port = await freePort();
    envFile('.env', { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
    const run = await startIn({ CMS_ADMIN_KEY: ADMIN_KEY }, port);
    expect(run.listening, run.stderr).toBe(true);
  }, 200_000);

  it('loses to an exported variable: PORT from the shell wins over PORT in the file, the rest still applies', async () => {
    const [inFile, exported] = [await freePort(), await freePort()];
    envFile('.env', {
      PORT: String(inFile),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      PUBLIC_READ: 'false',
    });
    const readWithoutKey = (base: string) => fetch(`${base}/v1/articles`).then((response) => response.status);
    const run = await startIn({ PORT: String(exported), CMS_ADMIN_KEY: ADMIN_KEY }, exported, readWithoutKey);
    expect(run.listening, run.stderr).toBe(true);
    expect(await answers(inFile)).toBe(false);
    expect(run.probed, 'PUBLIC_READ=false from the file: a read without a key is refused').toBe(401);
  }, 200_000);

  it('gives way to the file CMS_ENV_FILE names, and a named file that is missing stops the start', async () => {
    const [inDotEnv, inNamed] = [await freePort(), await freePort()];
    envFile('.env', { PORT: String(inDotEnv), HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
    envFile('staging.env', {
      PORT: String(inNamed),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
    });
    const named = await startIn({ CMS_ENV_FILE: 'staging.env', CMS_ADMIN_KEY: ADMIN_KEY }, inNamed);
    expect(named.listening, named.stderr).toBe(true);

    const missing = await startIn({ CMS_ENV_FILE: 'nowhere.env', CMS_ADMIN_KEY: ADMIN_KEY }, inDotEnv);
    expect(missing.listening).toBe(false);
    expect(missing.stderr).toMatch(/CMS_ENV_FILE: cannot read nowhere\.env/);
  }, 360_000);
});

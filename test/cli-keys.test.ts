import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { expectProblem, storyInput } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function createKey(role: string, name: string): Promise<{ id: string; secret: string }> {
  const run = await runCli(t.url, ['keys', 'create', '--role', role, '--name', name]);
  expect(run.code, run.stderr).toBe(0);
  const match = /^Created (\w+) key "(.+)"\n {2}id: {5}(\S+)\n {2}secret: (cms_[\w-]+)\n/.exec(run.stdout);
  expect(match, run.stdout).not.toBeNull();
  expect(match?.slice(1, 3)).toEqual([role, name]);
  return { id: match?.[3] as string, secret: match?.[4] as string };
}

// Each case starts Node processes that compile TypeScript on the fly: slow on a busy machine, not a fault.
describe('cms keys', { timeout: 120_000 }, () => {
  it('create prints a secret, once, that authenticates over HTTP with the role asked for', async () => {
    const editor = await createKey('editor', 'Web desk');
    const created = await t.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: bearer(editor.secret),
      payload: storyInput(),
    });
    expect(created.statusCode, created.body).toBe(201);
    // An editor key is not an admin key.
    expectProblem(await t.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(editor.secret) }), 403);

    const reader = await createKey('reader', 'Archive reader');
    expectProblem(
      await t.inject({ method: 'POST', url: '/v1/articles', headers: bearer(reader.secret), payload: storyInput() }),
      403,
    );

    const list = await runCli(t.url, ['keys', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`${editor.id}  editor  ${editor.secret.slice(0, 8)}…  Web desk  (created `);
    expect(list.stdout).toContain(`${reader.id}  reader  ${reader.secret.slice(0, 8)}…  Archive reader`);
    expect(list.stdout).not.toContain(editor.secret);
  });

  it('revoke stops a key at once; an unknown id is exit code 1', async () => {
    const key = await createKey('admin', 'Temporary admin');
    expect((await t.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(key.secret) })).statusCode).toBe(200);
    const revoked = await runCli(t.url, ['keys', 'revoke', key.id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`Revoked key ${key.id}: it no longer authenticates.\n`);
    expectProblem(await t.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(key.secret) }), 401);
    expect((await runCli(t.url, ['keys', 'list'])).stdout).toMatch(
      new RegExp(`${key.id} .*\\(created \\S+; revoked \\S+\\)`),
    );

    const unknown = await runCli(t.url, ['keys', 'revoke', '01890a5d-ac96-774b-bcce-b302099a8057']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('No API key 01890a5d-ac96-774b-bcce-b302099a8057\n');
  });

  it('with -o writes only the secret to a file its owner alone may read, and keys list -o writes the list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cms-keys-'));
    try {
      const file = join(dir, 'key.txt');
      const run = await runCli(t.url, ['keys', 'create', '--role', 'editor', '--name', 'Script', '-o', file]);
      expect(run.code, run.stderr).toBe(0);
      const secret = readFileSync(file, 'utf8');
      expect(secret).toMatch(/^cms_[\w-]+\n$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(run.stdout).toMatch(/^Created editor key "Script"\n {2}id: {5}\S+\n/);
      expect(run.stdout).toContain(`  secret: in ${file} (shown nowhere else)\n`);
      expect(run.stdout).not.toContain(secret.trim());
      const created = await t.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: bearer(secret.trim()),
        payload: storyInput(),
      });
      expect(created.statusCode, created.body).toBe(201);

      const list = join(dir, 'keys.txt');
      const listed = await runCli(t.url, ['keys', 'list', '--output', list]);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toBe('');
      expect(readFileSync(list, 'utf8')).toMatch(/^\S+ {2}editor {2}cms_\S+… {2}Script {2}\(created /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a role that does not exist (exit 2) and creates nothing', async () => {
    const run = await runCli(t.url, ['keys', 'create', '--role', 'owner', '--name', 'Nobody']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'owner' is invalid. Allowed choices are reader, editor, admin.");
    expect((await runCli(t.url, ['keys', 'list'])).stdout).not.toContain('Nobody');
  });
});

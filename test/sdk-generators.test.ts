import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient as generateHeyApi } from '@hey-api/openapi-ts';
import { generate as generateOrval } from 'orval';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createTestApp, type TestApp } from './helpers/app.js';
import { operationsOf, servedDocument } from './helpers/openapi-document.js';

/**
 * SDKs generated from GET /openapi.json by two generators besides openapi-typescript, type-checked
 * the way a client project would: a write without If-Match must not compile, one with it must.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const SCHEMA_TYPES = join(root, 'test/sdk/schema.js');

let t: TestApp;
let dir: string;
let ifMatchWrites: string[];
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'cms-sdks-'));
  const input = join(dir, 'openapi.json');
  const document = await servedDocument(t);
  writeFileSync(input, JSON.stringify(document));
  ifMatchWrites = operationsOf(document)
    .filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === 'if-match'))
    .map(({ op }) => op.operationId!);
  await generateHeyApi({
    input,
    output: join(dir, 'hey'),
    logs: { level: 'silent' },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  });
  await generateOrval({
    input: { target: input },
    output: { target: join(dir, 'orval/api.ts'), client: 'fetch', mode: 'single', headers: true },
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Each program, keyed by name, with the TypeScript errors it gets in a strict client project. */
function typeCheck(programs: Record<string, string>): Record<string, string[]> {
  const files = Object.entries(programs).map(([name, source]) => {
    const file = join(dir, 'programs', `${name}.ts`);
    mkdirSync(join(dir, 'programs'), { recursive: true });
    writeFileSync(file, source);
    return [name, file] as const;
  });
  const program = ts.createProgram(
    files.map(([, file]) => file),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      typeRoots: [join(root, 'node_modules/@types')],
    },
  );
  return Object.fromEntries(
    files.map(([name, file]) => [
      name,
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
}

const id = '019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10';

describe('SDKs generated from the OpenAPI document', () => {
  it('refuse at compile time a write without If-Match, and accept it with If-Match', () => {
    const hey = `import { publishArticle, updateArticle } from '${dir}/hey/index.js';\n`;
    const orval = `import { publishArticle, updateArticle } from '${dir}/orval/api.js';\n`;
    const fetch = `import createClient from '${root}node_modules/openapi-fetch/dist/index.js';\nimport type { paths } from '${SCHEMA_TYPES}';\nconst client = createClient<paths>({});\n`;
    const diagnostics = typeCheck({
      heyWith:
        `${hey}updateArticle({ path: { id: '${id}' }, headers: { 'if-match': '"v1"' }, body: { summary: 'x' } });\n` +
        `publishArticle({ path: { id: '${id}' }, headers: { 'if-match': '"v1"' } });\n`,
      heyWithout: `${hey}updateArticle({ path: { id: '${id}' }, body: { summary: 'x' } });\n`,
      heyEmptyHeaders: `${hey}publishArticle({ path: { id: '${id}' }, headers: {} });\n`,
      orvalWith: `${orval}updateArticle('${id}', { summary: 'x' }, { 'if-match': '"v1"' });\npublishArticle('${id}', { 'if-match': '"v1"' });\n`,
      orvalWithout: `${orval}updateArticle('${id}', { summary: 'x' });\n`,
      orvalEmptyHeaders: `${orval}publishArticle('${id}', {});\n`,
      fetchWith: `${fetch}client.PATCH('/v1/articles/{id}', { params: { path: { id: '${id}' }, header: { 'if-match': '"v1"' } }, body: { summary: 'x' } });\n`,
      fetchWithout: `${fetch}client.PATCH('/v1/articles/{id}', { params: { path: { id: '${id}' } }, body: { summary: 'x' } });\n`,
    });
    for (const name of ['heyWith', 'orvalWith', 'fetchWith']) expect(diagnostics[name], name).toEqual([]);
    for (const name of ['heyWithout', 'heyEmptyHeaders', 'orvalWithout', 'orvalEmptyHeaders', 'fetchWithout']) {
      expect(diagnostics[name]!.length, name).toBeGreaterThan(0);
      expect(diagnostics[name]!.join('\n'), name).toMatch(/if-match|header|Expected \d+(-\d+)? arguments/);
    }
  }, 120_000);

  it('require If-Match in the types of every write that takes it', () => {
    expect(ifMatchWrites.length).toBeGreaterThanOrEqual(16);
    const type = (operationId: string) => operationId[0]!.toUpperCase() + operationId.slice(1);
    const required = 'type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];\n';
    const diagnostics = typeCheck({
      heyAll:
        `import type * as Hey from '${dir}/hey/types.gen.js';\n${required}` +
        "type Needs<T extends { headers?: unknown }> = 'headers' extends RequiredKeys<T> ? 'if-match' extends RequiredKeys<NonNullable<T['headers']>> ? true : false : false;\n" +
        ifMatchWrites.map((op) => `export const ${op}: Needs<Hey.${type(op)}Data> = true;\n`).join(''),
      orvalAll:
        `import type * as Orval from '${dir}/orval/api.js';\n${required}` +
        ifMatchWrites
          .map(
            (op) =>
              `export const ${op}: 'if-match' extends RequiredKeys<Orval.${type(op)}Headers> ? true : false = true;\n`,
          )
          .join(''),
    });
    expect(diagnostics).toEqual({ heyAll: [], orvalAll: [] });
  }, 120_000);

  it('the @hey-api client edits a story over HTTP with the ETag it read', async () => {
    const sdk = await import(join(dir, 'hey/index.ts'));
    const { client } = await import(join(dir, 'hey/client.gen.ts'));
    client.setConfig({ baseUrl, auth: () => ADMIN_KEY });
    const created = await sdk.createArticle({ body: { headline: 'Generated clients agree on the contract' } });
    expect(created.response.status).toBe(201);
    const etag = created.response.headers.get('etag');
    const edited = await sdk.updateArticle({
      path: { id: created.data.id },
      headers: { 'if-match': etag },
      body: { summary: 'Two SDKs' },
    });
    expect(edited.response.status).toBe(200);
    expect(edited.data).toMatchObject({ summary: 'Two SDKs', version: 2 });
    const stale = await sdk.updateArticle({
      path: { id: created.data.id },
      headers: { 'if-match': etag },
      body: { summary: 'Late' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ code: 'STALE_ETAG', currentEtag: '"v2"' });
  });
});

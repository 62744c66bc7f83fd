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

  it('type the default read as Article, each news format precisely and the feeds as text, without a cast', () => {
    const reads = (body: string) => `async function reads(): Promise<void> {\n${body}\n}\nvoid reads();\n`;
    const fetch = `import createClient from '${root}node_modules/openapi-fetch/dist/index.js';\nimport type { paths } from '${SCHEMA_TYPES}';\nconst client = createClient<paths>({});\n`;
    const params = `{ params: { path: { id: '${id}' } } }`;
    const diagnostics = typeCheck({
      fetchReads:
        fetch +
        reads(
          `  const { data } = await client.GET('/v1/articles/{id}', ${params});\n` +
            '  if (data) { const texts: string[] = data.captions.map((c) => c.text); const rel: string | undefined = data.related[0]?.rel; void texts; void rel; }\n' +
            `  const bySlug = await client.GET('/v1/articles/slug/{slug}', { params: { path: { slug: 'a' } } });\n` +
            '  const version: number | undefined = bySlug.data?.version;\n' +
            `  const ninjs = await client.GET('/v1/articles/{id}/ninjs', ${params});\n` +
            '  const first = ninjs.data?.associations?.[0];\n' +
            "  if (first?.type === 'picture') { const caption: string | undefined = first.descriptions[0]?.value; void caption; }\n" +
            `  const jsonld = await client.GET('/v1/articles/{id}/jsonld', ${params});\n` +
            '  const author = jsonld.data?.author[0]; const name: string | undefined = author?.name; const free: boolean | undefined = jsonld.data?.isAccessibleForFree;\n' +
            "  const rss = await client.GET('/v1/feeds/rss.xml', { parseAs: 'text' });\n" +
            "  const atom = await client.GET('/v1/feeds/atom.xml', { parseAs: 'text' });\n" +
            "  const sitemap = await client.GET('/v1/feeds/news-sitemap.xml', { parseAs: 'text' });\n" +
            '  const feeds: Array<string | undefined> = [rss.data, atom.data, sitemap.data];\n' +
            '  void version; void name; void free; void feeds;',
        ),
      // A closed schema: a member the format does not have is a compile error, not `unknown`.
      fetchNoSuchMember:
        fetch +
        reads(`  const ninjs = await client.GET('/v1/articles/{id}/ninjs', ${params});\n  void ninjs.data?.captions;`),
      heyReads:
        `import { getArticle, getArticleBySlug, getArticleJsonLd, getArticleNinjs, getRssFeed } from '${dir}/hey/index.js';\n` +
        reads(
          `  const { data } = await getArticle({ path: { id: '${id}' } });\n` +
            '  if (data) { const texts: string[] = data.captions.map((c) => c.text); void texts; }\n' +
            "  const bySlug = await getArticleBySlug({ path: { slug: 'a' } });\n" +
            '  const version: number | undefined = bySlug.data?.version;\n' +
            `  const ninjs = await getArticleNinjs({ path: { id: '${id}' } });\n` +
            "  const first = ninjs.data?.associations?.[0]; if (first?.type === 'text') { const rel: string = first.rel; void rel; }\n" +
            `  const jsonld = await getArticleJsonLd({ path: { id: '${id}' } });\n` +
            '  const headline: string | undefined = jsonld.data?.headline;\n' +
            "  const rss = await getRssFeed({ parseAs: 'text' });\n  const xml: string | undefined = rss.data;\n" +
            '  void version; void headline; void xml;',
        ),
    });
    expect(diagnostics.fetchReads).toEqual([]);
    expect(diagnostics.heyReads).toEqual([]);
    expect(diagnostics.fetchNoSuchMember!.join('\n')).toMatch(/captions/);
  }, 120_000);

  it('the @hey-api client reads a feed as text when asked (by Content-Type alone an XML feed is a Blob)', async () => {
    const sdk = await import(join(dir, 'hey/index.ts'));
    const { client } = await import(join(dir, 'hey/client.gen.ts'));
    client.setConfig({ baseUrl, auth: () => ADMIN_KEY });
    for (const read of [sdk.getRssFeed, sdk.getAtomFeed, sdk.getNewsSitemap]) {
      const asText = await read({ parseAs: 'text' });
      expect(asText.response.status).toBe(200);
      expect(typeof asText.data).toBe('string');
      expect(asText.data).toMatch(/^<\?xml /);
      expect((await read()).data).toBeInstanceOf(Blob);
    }
  });

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

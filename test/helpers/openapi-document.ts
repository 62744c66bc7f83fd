import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll } from 'vitest';
import { createTestApp, type TestApp } from './app.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface Media {
  schema?: Record<string, any>;
  examples?: Record<string, { summary?: string; value: unknown }>;
  'x-error-codes'?: string[];
}
export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Record<string, any>;
}
export interface Response {
  description: string;
  headers?: Record<string, Record<string, any>>;
  content?: Record<string, Media>;
}
export interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, Media> };
  security?: Array<Record<string, string[]>>;
  responses: Record<string, Response>;
}
export interface Document {
  openapi: string;
  info: { title: string; version: string; license?: unknown };
  servers?: Array<{ url: string; description?: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, any>>; headers?: Record<string, Record<string, any>> };
}
export interface DocumentedOperation {
  method: string;
  path: string;
  op: Operation;
}

export async function servedDocument(t: TestApp): Promise<Document> {
  const response = await t.inject({ method: 'GET', url: '/openapi.json' });
  if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}`);
  return response.json();
}

export const operationsOf = (document: Document): DocumentedOperation[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Validates values against schemas of the document, `$ref`s resolved within it. */
export function schemaValidator(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: 'openapi.json' });
  const cache = new Map<string, ValidateFunction>();
  const compiled = (ref: string) => {
    let validate = cache.get(ref);
    if (!validate) cache.set(ref, (validate = ajv.compile({ $ref: ref })));
    return validate;
  };
  return {
    /** Errors of `value` against the schema of an operation's response, or [] when it conforms. */
    response(method: string, path: string, status: number, mediaType: string, value: unknown): string[] {
      const ref = `openapi.json#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status), 'content', mediaType, 'schema')}`;
      const validate = compiled(ref);
      return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
    /** Errors of `value` against a schema given inline (its `$ref`s pointing into the document). */
    schema(schema: Record<string, any>, value: unknown): string[] {
      const key = JSON.stringify(schema);
      let validate = cache.get(key);
      if (!validate) cache.set(key, (validate = ajv.compile({ $id: `inline-${cache.size}`, ...rebase(schema) })));
      return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
  };
}

/** Points `#/components/...` refs of a schema lifted out of the document back into it. */
function rebase(node: any): any {
  if (Array.isArray(node)) return node.map(rebase);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `openapi.json${value}` : rebase(value),
    ]),
  );
}

/** For a test file about the document: an app on a fresh database and its served document, for the whole file. */
export function useServedDocument(): { t: TestApp; document: Document; operations: DocumentedOperation[] } {
  const state = {} as { t: TestApp; document: Document; operations: DocumentedOperation[] };
  beforeAll(async () => {
    state.t = await createTestApp();
    state.document = await servedDocument(state.t);
    state.operations = operationsOf(state.document);
  });
  afterAll(async () => {
    await state.t?.close();
  });
  return state;
}

import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from './app.js';

type SecurityRequirement = Record<string, string[]>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: { type?: string; format?: string };
}

/** One operation of the served OpenAPI document, with what the access tests need to call it. */
export interface Operation {
  method: string;
  path: string;
  operationId: string;
  security: SecurityRequirement[];
  parameters: Parameter[];
  hasBody: boolean;
  /** Every property name anywhere in the JSON request body schema ($refs followed). */
  bodyFields: string[];
  responses: Record<string, unknown>;
}

export async function openapiDocument(t: TestApp) {
  const response = await t.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    paths: Record<
      string,
      Record<string, Omit<Operation, 'method' | 'path' | 'hasBody' | 'bodyFields'> & { requestBody?: unknown }>
    >;
    components: { securitySchemes?: Record<string, Record<string, unknown>>; schemas?: Record<string, unknown> };
    security?: SecurityRequirement[];
  };
}

/** Every operation the app serves and documents: new endpoints are picked up without editing tests. */
export async function openapiOperations(t: TestApp): Promise<Operation[]> {
  const document = await openapiDocument(t);
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operationId: operation.operationId,
      security: operation.security ?? document.security ?? [],
      parameters: operation.parameters ?? [],
      hasBody: operation.requestBody !== undefined,
      responses: operation.responses ?? {},
      bodyFields: propertyNames(operation.requestBody, document.components.schemas ?? {}),
    })),
  );
}

function propertyNames(schema: unknown, components: Record<string, unknown>, seen = new Set<string>()): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const names: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && !seen.has(value)) {
      seen.add(value);
      names.push(...propertyNames(components[value.split('/').at(-1)!], components, seen));
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      names.push(...Object.keys(value));
      for (const property of Object.values(value)) names.push(...propertyNames(property, components, seen));
    } else {
      names.push(...propertyNames(value, components, seen));
    }
  }
  return [...new Set(names)];
}

/** What an operation asks of its caller, read from its `security`. */
export function requirement(operation: Operation): {
  open: boolean;
  anonymous: boolean;
  role: 'reader' | 'editor' | 'admin';
} {
  const { security } = operation;
  const roles = security.flatMap((alternative) => alternative.bearerAuth ?? []);
  return {
    open: security.length === 0,
    anonymous: security.length === 0 || security.some((alternative) => Object.keys(alternative).length === 0),
    role: roles.includes('editor') ? 'editor' : roles.includes('admin') ? 'admin' : 'reader',
  };
}

export const isWrite = (operation: Operation) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method);

/**
 * The operation's URL with each path parameter from `values(name, path)`, or a plausible stand-in:
 * 1 for integers, an unused UUID for ids, else "x".
 */
export function urlFor(operation: Operation, values: (name: string, path: string) => string | undefined): string {
  return operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const given = values(name, operation.path);
    if (given !== undefined) return encodeURIComponent(given);
    const schema = operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    return schema?.type === 'integer' ? '1' : schema?.format === 'uuid' || /id$/i.test(name) ? randomUUID() : 'x';
  });
}

/** Path parameter values for a fixture: `{id}` depends on the collection it names. */
export interface Fixture {
  articleId: string;
  slug: string;
  captionId?: string;
  relatedArticleId?: string;
  trashedId?: string;
  apiKeyId?: string;
}

export function fixtureValues(fixture: Fixture) {
  return (name: string, path: string): string | undefined => {
    if (name === 'id' && path.startsWith('/v1/trash/')) return fixture.trashedId;
    if (name === 'id' && path.startsWith('/v1/api-keys/')) return fixture.apiKeyId;
    const byName: Record<string, string | undefined> = {
      id: fixture.articleId,
      slug: fixture.slug,
      captionId: fixture.captionId,
      relatedArticleId: fixture.relatedArticleId,
    };
    return byName[name];
  };
}

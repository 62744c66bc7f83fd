import { z } from 'zod';

type ZodObjectLike = { shape?: Record<string, z.ZodType> };
type Parameter = { in: string; name: string; description?: string };
type ParameterDocument = { paths?: Record<string, Record<string, { parameters?: Parameter[] }>> };
const PARTS = { querystring: 'query', params: 'path', headers: 'header' } as const;

/**
 * A parameter whose schema is a named component (an enum such as `ArticleStatus`) reaches the
 * document as a bare `$ref`, and @fastify/swagger drops its own description while resolving it.
 * Collects the descriptions from the routes' zod schemas and puts them back on the parameters.
 */
export function parameterDescriptions() {
  const byOperation = new Map<string, Map<string, string>>();
  return {
    collect(method: string | string[], url: string, schema: Record<string, unknown>): void {
      const found = new Map<string, string>();
      for (const [part, location] of Object.entries(PARTS)) {
        for (const [name, property] of Object.entries((schema[part] as ZodObjectLike | undefined)?.shape ?? {})) {
          const description = z.globalRegistry.get(property)?.description;
          if (description) found.set(`${location} ${name}`, description);
        }
      }
      const path = url.replace(/:(\w+)/g, '{$1}');
      for (const m of [method].flat()) byOperation.set(`${m.toLowerCase()} ${path}`, found);
    },
    apply<T>(document: T): T {
      for (const [path, item] of Object.entries((document as ParameterDocument).paths ?? {})) {
        for (const [method, operation] of Object.entries(item)) {
          const found = byOperation.get(`${method} ${path}`);
          for (const parameter of operation.parameters ?? [])
            parameter.description ??= found?.get(`${parameter.in} ${parameter.name}`);
        }
      }
      return document;
    },
  };
}

type ParameterSchemas = Partial<Record<keyof typeof PARTS, { properties?: Record<string, unknown> }>>;

function dropExamples(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) dropExamples(item);
  else if (node !== null && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    delete object.example;
    delete object.examples;
    for (const value of Object.values(object)) dropExamples(value);
  }
}

/**
 * The interactive docs fill every parameter with its example when "Try it out" is on, and send
 * them all: an example that reads well in a field's own description (a made-up story id, a
 * publishedAfter equal to publishedBefore, If-None-Match, an Idempotency-Key reused with another
 * body) made the request fail. So parameters carry no example: /docs starts with the defaults, the
 * body examples stay (they are one valid request each), and the descriptions say what to send.
 */
export function withoutParameterExamples(schema: ParameterSchemas): void {
  for (const part of Object.keys(PARTS) as Array<keyof typeof PARTS>)
    for (const property of Object.values(schema[part]?.properties ?? {})) dropExamples(property);
}

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

type Json = unknown;
interface OpenApiDocument {
  components?: { schemas?: Record<string, Json> };
  [key: string]: Json;
}

const SCHEMA_REF = '#/components/schemas/';

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF))
        into.add(value.slice(SCHEMA_REF.length));
      else collectRefs(value, into);
    }
  }
}

/**
 * The zod provider registers every named schema twice, as request (`…Input`) and as response
 * variant; only one is used for most. Keeps the schemas reachable from the operations, so the
 * document (and SDKs generated from it) lists only types the API really sends or takes.
 */
export function dropUnusedSchemas<T>(document: T): T {
  const doc = document as OpenApiDocument;
  const schemas = doc.components?.schemas;
  if (!schemas) return document;
  const used = new Set<string>();
  const { components, ...rest } = doc;
  collectRefs(rest, used);
  collectRefs(components && { ...components, schemas: undefined }, used);
  const pending = [...used];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const found = new Set<string>();
    collectRefs(schemas[name], found);
    for (const ref of found) {
      if (!used.has(ref)) {
        used.add(ref);
        pending.push(ref);
      }
    }
  }
  doc.components = {
    ...components,
    schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
  };
  return document;
}

/**
 * A schema used in requests and in responses gets two components (`Role` and `RoleInput`). Where
 * both are the same, SDKs would get two types that do not assign to each other: keep one.
 */
export function mergeIdenticalInputSchemas<T>(document: T): T {
  const doc = document as OpenApiDocument;
  const schemas = doc.components?.schemas ?? {};
  let text = JSON.stringify(doc);
  for (const name of Object.keys(schemas)) {
    const base = name.replace(/Input$/, '');
    if (base === name || !(base in schemas) || JSON.stringify(schemas[name]) !== JSON.stringify(schemas[base]))
      continue;
    text = text.replaceAll(`"${SCHEMA_REF}${name}"`, `"${SCHEMA_REF}${base}"`);
  }
  return JSON.parse(text) as T;
}

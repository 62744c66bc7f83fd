// Writes test/sdk/schema.d.ts, the typed-client types generated from the served OpenAPI document.
// Run with `npm run sdk:types` (tsx, so it can load the TypeScript app) after changing any route or schema.
import { writeFileSync } from 'node:fs';
import { renderSchemaTypes, SCHEMA_TYPES_FILE, servedOpenApi } from '../test/sdk/generate.ts';

writeFileSync(SCHEMA_TYPES_FILE, await renderSchemaTypes(await servedOpenApi()));
console.log(`Wrote ${SCHEMA_TYPES_FILE}`);

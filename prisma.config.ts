import { defineConfig } from 'prisma/config';

// Prisma's CLI wants a schema-engine binary even for `generate`, which never runs it. Where the
// engine cannot be downloaded, any file satisfies the check; a user who has the engine keeps theirs.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});

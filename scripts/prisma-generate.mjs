// Generates one Prisma client per database from the single prisma/schema.prisma. Prisma binds a
// generated client to one provider, so the Postgres schema is derived by swapping the provider
// and output lines; the models themselves exist only once.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const source = readFileSync('prisma/schema.prisma', 'utf8');
const postgres = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('../src/db/generated/sqlite', '../../src/db/generated/postgres');
if (postgres === source) throw new Error('prisma/schema.prisma: provider or output line not found');

mkdirSync('prisma/.generated', { recursive: true });
writeFileSync('prisma/.generated/postgres.prisma', postgres);

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
for (const schema of ['prisma/schema.prisma', 'prisma/.generated/postgres.prisma']) {
  execFileSync('npx', ['prisma', 'generate', '--schema', schema], { stdio: 'inherit' });
}

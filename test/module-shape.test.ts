import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

const models = [...readFileSync(join(root, 'prisma/schema.prisma'), 'utf8').matchAll(/^model (\w+)/gm)].map(
  ([, name = '']) => `${name.charAt(0).toLowerCase()}${name.slice(1)}`,
);
/** `tx.article.findMany(`, `prisma.relatedLink\n  .create(`, `db.$queryRaw`, `db.$transaction(` and the like. */
const prismaCall = new RegExp(
  `\\.(?:${models.join('|')})\\s*\\.\\s*(?:find\\w*|create\\w*|update\\w*|upsert|delete\\w*|count|aggregate|groupBy)\\s*\\(` +
    '|\\$(?:queryRaw|executeRaw)\\w*|\\$transaction\\s*\\(',
);

const queriesDatabase = (file: string) => prismaCall.test(readFileSync(join(root, file), 'utf8'));

/** The database layer: the client, migrations, transactions, and each module's repositories. */
const isRepositoryLayer = (file: string) => file.startsWith('src/db/') || file.endsWith('.repository.ts');

describe('module shape', () => {
  it('the pattern recognises a Prisma model call and raw SQL', () => {
    expect(models).toContain('relatedLink');
    expect(prismaCall.test('await tx.relatedLink\n      .createMany({ data })')).toBe(true);
    expect(prismaCall.test('await this.prisma.apiKey.count()')).toBe(true);
    expect(prismaCall.test('db.$queryRawUnsafe(sql)')).toBe(true);
    expect(prismaCall.test('prisma.$transaction((tx) => work(tx))')).toBe(true);
    expect(prismaCall.test('input.captions.map((c) => c.text)')).toBe(false);
  });

  it('only src/db/ and *.repository.ts files query the database', () => {
    const offenders = sourceFiles(src).filter((file) => !isRepositoryLayer(file) && queriesDatabase(file));
    expect(offenders).toEqual([]);
  });
});

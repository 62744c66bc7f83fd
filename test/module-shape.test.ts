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

/**
 * Raw SQL through the read connection, by the names it goes by: `this.reads.all('name', sql, params)`,
 * `reader.rows<Row>(query)`, `database.sql.rows(…)`, `db.rows(sql`…`)`.
 */
const readConnectionCall = /\b(?:reads|reader|sql|db)\s*\.\s*(?:all|rows)\b\s*[<(]/;

const queriesDatabase = (file: string) => {
  const text = readFileSync(join(root, file), 'utf8');
  return prismaCall.test(text) || readConnectionCall.test(text);
};

/** Files outside the repository layer that still query, until the work that moves their SQL lands; each says why. */
const NOT_YET_IN_A_REPOSITORY: Record<string, string> = {
  'src/modules/delivery/published-cache.ts':
    'the fingerprint statement moves into a repository with the visibility rewrite of its stateSql (issue 19.3), which is changing it now',
};

/** Exported names that two files still share, until the work that merges them lands; each says why. */
const NAMES_NOT_YET_ONE: Record<string, string> = {};

function exportedNames(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^export (?:async )?(?:function\*?|const|let|class|interface|type|enum) (\w+)/gm)].map(
    ([, name = '']) => name,
  );
}

const ownFiles = sourceFiles(src).filter((file) => !file.includes('/generated/'));

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
    expect(readConnectionCall.test("await this.reads.all<Row>('fingerprint', sql, [id])")).toBe(true);
    expect(readConnectionCall.test('const [row] = await reader.rows<StorySqlRow>(storySql(dialect, id))')).toBe(true);
    expect(readConnectionCall.test('await db.rows(sql`SELECT 1`)')).toBe(true);
    expect(readConnectionCall.test('await t.app.database.sql.rows(query)')).toBe(true);
    expect(readConnectionCall.test('for await (const row of this.rows()) yield row')).toBe(false);
    expect(readConnectionCall.test('await Promise.all(pending)')).toBe(false);
    expect(readConnectionCall.test('await Promise.allSettled(pending)')).toBe(false);
    expect(readConnectionCall.test('return result.rows as T[]')).toBe(false);
  });

  it('only src/db/ and *.repository.ts files query the database', () => {
    const offenders = sourceFiles(src).filter(
      (file) => !isRepositoryLayer(file) && !(file in NOT_YET_IN_A_REPOSITORY) && queriesDatabase(file),
    );
    expect(offenders).toEqual([]);
  });

  it('lists as not yet in a repository only files that still query', () => {
    expect(Object.keys(NOT_YET_IN_A_REPOSITORY).filter((file) => !queriesDatabase(file))).toEqual([]);
  });

  it('gives every exported name to one file only, so a name says which thing it is', () => {
    const files = new Map<string, string[]>();
    for (const file of ownFiles)
      for (const name of exportedNames(file)) files.set(name, [...(files.get(name) ?? []), file]);
    const shared = [...files].filter(([name, where]) => where.length > 1 && !(name in NAMES_NOT_YET_ONE));
    expect(shared).toEqual([]);
    expect(Object.keys(NAMES_NOT_YET_ONE).filter((name) => (files.get(name)?.length ?? 0) < 2)).toEqual([]);
  });
});

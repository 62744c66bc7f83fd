import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, sqlitePath } from '../src/db/client.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { freshDatabases, testDialect } from './helpers/database.js';

const freshDatabase = freshDatabases();

async function query<T>(url: string, sql: string): Promise<T[]> {
  const database = await openDatabase(url);
  try {
    return await database.prisma.$queryRawUnsafe<T[]>(sql);
  } finally {
    await database.close();
  }
}

describe('migrations', () => {
  it('apply each migration exactly once when two instances start at the same moment', async () => {
    const url = await freshDatabase();
    const [first, second] = await Promise.all([migrate(url), migrate(url)]);
    const all = listMigrations(testDialect).map((m) => m.name);
    expect([...first, ...second].sort()).toEqual(all);
    const rows = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(rows.map((r) => r.migration_name).sort()).toEqual(all);
    expect(await migrate(url)).toEqual([]);
  });

  it('refuse to run when an applied migration was edited afterwards', async () => {
    const url = await freshDatabase();
    await migrate(url);
    const database = await openDatabase(url);
    await database.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET checksum = 'edited'`);
    await database.close();
    await expect(migrate(url)).rejects.toThrow(/changed after it was applied/);
  });

  it.runIf(testDialect === 'sqlite')('leave SQLite in WAL mode with foreign keys enforced', async () => {
    const url = await freshDatabase();
    await migrate(url);
    const database = await openDatabase(url);
    try {
      const [mode] = await database.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      const [fk] = await database.prisma.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>('PRAGMA foreign_keys');
      expect(mode?.journal_mode).toBe('wal');
      expect(Number(fk?.foreign_keys)).toBe(1);
      await expect(
        database.prisma.caption.create({
          data: {
            id: 'c',
            articleId: 'no-such-article',
            position: 0,
            text: 't',
            createdAt: new Date(),
            updatedAt: new Date(),
          },
        }),
      ).rejects.toThrow();
    } finally {
      await database.close();
    }
  });

  it('that rebuild the articles table (the kill migration, on SQLite) keep every story and what hangs off it', async () => {
    const url = await freshDatabase();
    const earlier = listMigrations(testDialect).filter((m) => m.name < '20261216100000_kill');
    const ledger = `CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL,
      "finished_at" TIMESTAMP, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMP,
      "started_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;
    const at = "'2014-03-14T12:00:00.000Z'";
    const story = [
      `INSERT INTO articles (id, slug, headline, status, created_at, updated_at) VALUES ('a', 'a', 'A', 'published', ${at}, ${at}), ('b', 'b', 'B', 'draft', ${at}, ${at})`,
      `INSERT INTO article_tags (article_id, position, tag) VALUES ('a', 0, 'harbour')`,
      `INSERT INTO captions (id, article_id, position, text, created_at, updated_at) VALUES ('c', 'a', 0, 'Quay', ${at}, ${at})`,
      `INSERT INTO related_links (article_id, related_article_id, position, rel, created_at) VALUES ('b', 'a', 0, 'related', ${at})`,
      `INSERT INTO revisions (id, article_id, version, created_at, action, changed_fields, snapshot) VALUES ('r', 'a', 1, ${at}, 'created', '[]', '{}')`,
      `INSERT INTO retired_slugs (slug, article_id, retired_at) VALUES ('old-a', 'a', ${at})`,
    ];
    const statements = [
      ledger,
      ...earlier.flatMap((m) => [
        m.sql,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('${m.name}', '${m.checksum}', '${m.name}', ${at}, 1)`,
      ]),
      ...story,
    ];
    if (testDialect === 'sqlite') {
      const db = new BetterSqlite3(sqlitePath(url));
      for (const statement of statements) db.exec(statement);
      db.close();
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      for (const statement of statements) await client.query(statement);
      await client.end();
    }
    expect(await migrate(url)).toEqual(
      listMigrations(testDialect)
        .slice(earlier.length)
        .map((m) => m.name),
    );
    const counts = await query<Record<string, bigint | number>>(
      url,
      `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM article_tags) AS tags,
        (SELECT count(*) FROM captions) AS captions, (SELECT count(*) FROM related_links) AS links,
        (SELECT count(*) FROM revisions) AS revisions, (SELECT count(*) FROM retired_slugs) AS retired`,
    );
    expect(Object.values(counts[0] ?? {}).map(Number)).toEqual([2, 1, 1, 1, 1, 1]);
    const database = await openDatabase(url);
    try {
      await database.prisma.article.update({ where: { id: 'a' }, data: { status: 'killed' } });
      await expect(database.prisma.article.update({ where: { id: 'b' }, data: { status: 'bogus' } })).rejects.toThrow();
      // Foreign keys still hold, and still cascade.
      await database.prisma.article.delete({ where: { id: 'a' } });
      expect(await database.prisma.caption.count()).toBe(0);
      expect(await database.prisma.relatedLink.count()).toBe(0);
    } finally {
      await database.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
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
});

import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { buildServices } from '../src/services.js';
import { storyText } from './corpus.js';

export interface Seeded {
  editorKey: string;
  /** Published story ids the read scenarios pick from. */
  hotIds: string[];
  /** Stories the PATCH scenario edits, one per connection, with their current version. */
  patchTargets: Array<{ id: string; version: number }>;
  seconds: number;
}

const BATCH = 200;

/** Imports `count` published stories with captions and related links through the app's own write path. */
export async function seedStories(url: string, count: number, connections: number): Promise<Seeded> {
  const started = performance.now();
  await migrate(url);
  const database = await openDatabase(url);
  try {
    const services = buildServices(database, loadConfig({ DATABASE_URL: url }), () => new Date());
    for (let first = 1; first <= count; first += BATCH) {
      const texts = Array.from({ length: Math.min(BATCH, count - first + 1) }, (_, i) => storyText(first + i, count));
      const results = await services.imports.importBatch(texts, { status: 'published' });
      const failed = results.find((r) => r.outcome === 'failed');
      if (failed) throw new Error(`seeding failed: ${JSON.stringify(failed)}`);
    }
    const { secret } = await services.apiKeys.create('bench editor', 'editor');
    // Stories with both captions and related links, spread over the archive.
    const rows = await database.prisma.article.findMany({
      where: { status: 'published', captions: { some: {} }, related: { some: {} } },
      select: { id: true, version: true },
      orderBy: { id: 'asc' },
    });
    const step = Math.max(1, Math.floor(rows.length / (connections + 100)));
    const sample = rows.filter((_, i) => i % step === 0);
    return {
      editorKey: secret,
      hotIds: sample.slice(connections).map((r) => r.id),
      patchTargets: sample.slice(0, connections),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await database.close();
  }
}

const OUT = fileURLToPath(new URL('./out/', import.meta.url));

/**
 * A seeded SQLite database at `file`, copied from a template kept in bench/out between runs
 * (seeding takes longer than a scenario); BENCH_RESEED=1 makes it again.
 */
export async function seededSqlite(file: string, count: number, connections: number): Promise<Seeded> {
  const template = `${OUT}http-seed-${count}.db`;
  const sidecar = `${template}.json`;
  if (process.env.BENCH_RESEED === '1' || !existsSync(sidecar)) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(template + suffix, { force: true });
    process.stderr.write(`seeding ${count} stories on SQLite…\n`);
    const seeded = await seedStories(`file:${template}`, count, connections);
    process.stderr.write(`  ${seeded.seconds.toFixed(1)} s\n`);
    writeFileSync(sidecar, JSON.stringify(seeded));
  }
  copyFileSync(template, file);
  return JSON.parse(readFileSync(sidecar, 'utf8')) as Seeded;
}

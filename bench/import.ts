// Import benchmark: generates story files in the archive format, imports them through the same
// code as `cms import` (BatchImport → ImportsService), and prints stories/second and memory.
//
//   npm run bench:import                  20,000 stories on SQLite
//   npm run bench:import -- 2000          a quicker run
//   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
//                                         also on Postgres (in a fresh database, dropped afterwards)
// BENCH_BATCH sets the stories per transaction (default 200, like `cms import`); BENCH_WORKER=0 parses
// on the main thread instead of in a worker.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { BatchImport } from '../src/cli/batch-import.js';
import { PreparePool } from '../src/cli/prepare-pool.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { buildServices } from '../src/services.js';
import { storyText } from './corpus.js';
import { withPostgresDatabase } from './postgres-database.js';

const COUNT = Number(process.argv[2] ?? process.env.BENCH_COUNT ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const WORKER = process.env.BENCH_WORKER !== '0';
const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const STORIES = join(OUT, 'stories');

function generate(): string[] {
  rmSync(STORIES, { recursive: true, force: true });
  mkdirSync(STORIES, { recursive: true });
  const files: string[] = [];
  for (let n = 1; n <= COUNT; n++) {
    const file = join(STORIES, `story-${String(n).padStart(6, '0')}.txt`);
    writeFileSync(file, storyText(n, COUNT));
    files.push(file);
  }
  return files;
}

interface MemorySample {
  done: number;
  rss: number;
  heap: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// A full collection before reading the heap shows what the import keeps, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

async function bench(label: string, url: string, files: string[]): Promise<void> {
  await migrate(url);
  const database = await openDatabase(url);
  const services = buildServices(database, loadConfig({ DATABASE_URL: url }), () => new Date());
  const samples: MemorySample[] = [];
  let done = 0;
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({ done, rss, heap: heapUsed });
  };
  const timer = setInterval(sample, 100);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  let lastPrint = 0;
  const retained: number[] = [];
  const pool = WORKER ? new PreparePool() : undefined;
  const summary = await new BatchImport(
    services,
    { batchSize: BATCH, ...(pool && { pool }) },
    {
      grow: () => undefined,
      advance: (items) => {
        done += items;
        if (done - lastPrint >= COUNT / 10) {
          lastPrint = done;
          retained.push(retainedHeap());
          process.stderr.write(`  ${label}: ${done}/${COUNT}, heap after GC ${mb(retained.at(-1) as number)}\n`);
        }
      },
    },
  )
    .run(files)
    .finally(() => pool?.close());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  sample();
  await database.close();

  const quarter = (q: number) =>
    samples.filter((s) => s.done >= (q * COUNT) / 4 && s.done < ((q + 1) * COUNT) / 4 + (q === 3 ? 1 : 0));
  const peak = (items: MemorySample[], key: 'rss' | 'heap') => Math.max(...items.map((s) => s[key]));
  const [first, last] = [quarter(0), quarter(3)];
  console.log(
    `\n${label}: ${COUNT} stories (batches of ${BATCH}, parsing ${WORKER ? 'in a worker thread' : 'on the main thread'})`,
  );
  console.log(
    `  imported ${summary.created.length}, skipped ${summary.skipped.length}, failed ${summary.failed.length}, related titles not found ${summary.notFound.length}`,
  );
  console.log(`  time ${seconds.toFixed(1)} s → ${Math.round(COUNT / seconds)} stories/s`);
  // CPU time of this process only (the database's own, for Postgres, is not in it); it shows the
  // cost per story when the machine is shared and wall-clock figures are noisy.
  console.log(
    `  CPU ${cpuSeconds.toFixed(1)} s → ${((cpuSeconds * 1000) / COUNT).toFixed(2)} ms of CPU per story, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(`  peak RSS ${mb(peak(samples, 'rss'))}, peak heap ${mb(peak(samples, 'heap'))}`);
  if (first.length && last.length) {
    console.log(
      `  peak heap, first quarter ${mb(peak(first, 'heap'))} → last quarter ${mb(peak(last, 'heap'))} (ratio ${(peak(last, 'heap') / peak(first, 'heap')).toFixed(2)})`,
    );
    console.log(
      `  peak RSS,  first quarter ${mb(peak(first, 'rss'))} → last quarter ${mb(peak(last, 'rss'))} (ratio ${(peak(last, 'rss') / peak(first, 'rss')).toFixed(2)})`,
    );
  }
  if (retained.length >= 2) {
    console.log(
      `  heap after GC at 10% ${mb(retained[0] as number)} → at 100% ${mb(retained.at(-1) as number)} (ratio ${((retained.at(-1) as number) / (retained[0] as number)).toFixed(2)})`,
    );
  }
  if (summary.failed.length) console.log('  first failure:', summary.failed[0]);
}

const files = generate();
console.log(`Generated ${files.length} story files in ${STORIES}`);
const sqliteFile = join(OUT, 'bench.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
await bench('SQLite', `file:${sqliteFile}`, files);
if (process.env.BENCH_POSTGRES_URL)
  await withPostgresDatabase(process.env.BENCH_POSTGRES_URL, (url) => bench('Postgres', url, files));

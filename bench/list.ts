// List and search benchmark: seeds N articles (default 100,000) with their tags and search text,
// then times GET /v1/articles through the real app (buildApp + inject): page 1 against page 1,000
// of several lists (the ratio should stay close to 1: keyset pages cost the same at any depth),
// full-text searches, a hostile 100-item search, and related suggestions.
//
//   npm run bench:list                    100,000 articles on SQLite
//   npm run bench:list -- 30000           a quicker run
//   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:list
//                                         also on Postgres (in a fresh database, dropped afterwards)
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ARTICLES, type BulkTable, insertRows, SEARCH_DOCUMENTS } from '../src/db/bulk-insert.js';
import { type Dialect, openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { inTransaction } from '../src/db/transaction.js';
import { newId } from '../src/lib/ids.js';
import { withPostgresDatabase } from './postgres-database.js';

const COUNT = Number(process.argv[2] ?? process.env.BENCH_COUNT ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const ADMIN_KEY = `bench-admin-key-${randomBytes(16).toString('hex')}`;
const TAGS: BulkTable = {
  name: 'article_tags',
  columns: { articleId: ['article_id', 'text'], position: ['position', 'int'], tag: ['tag', 'text'] },
};

// A deterministic pseudo-random stream (restarted for each database, so both get the same
// archive). Math.imul keeps the product exact: a float product loses its low bits and the stream
// falls into a short cycle.
let state = 42;
const random = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff) / 2 ** 31;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sa',
  'tor',
  'vel',
  'din',
  'phe',
  'bru',
  'sto',
  'ny',
  'qua',
  'zer',
  'mon',
  'lis',
];
const syllablesOf = (i: number) => {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
};
const VOCABULARY = Array.from({ length: 20_000 }, (_, i) => syllablesOf(i));
/** A place name, one in each story, each name in about four stories: the long tail of rare words. */
const place = () => `${syllablesOf(Math.floor((random() * COUNT) / 4))}burg`;
const COMMON = ['the', 'said', 'council', 'harbour', 'residents', 'plan', 'new', 'week', 'city', 'school'];
/** In how many published stories each vocabulary word and place occurs (the same for every database). */
const storiesWith = new Map<string, number>();
let storyWords = new Set<string>();
// Skewed: a few words are very common, most are rare, as in real text.
const word = () => {
  if (random() < 0.3) return COMMON[Math.floor(random() * COMMON.length)] as string;
  const chosen = VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)] as string;
  storyWords.add(chosen);
  return chosen;
};
const words = (n: number) => Array.from({ length: n }, word).join(' ');

/** A word found in a few published stories (five, or as near as there is). */
function rareWord(): { word: string; stories: number } {
  let best: [string, number] = ['', 0];
  for (const [word, stories] of storiesWith)
    if (best[1] === 0 || Math.abs(stories - 5) < Math.abs(best[1] - 5)) best = [word, stories];
  return { word: best[0], stories: best[1] };
}
const SECTIONS = [
  'World',
  'Politics',
  'Business',
  'Sport',
  'Culture',
  'Science',
  'Local',
  'Opinion',
  'Health',
  'Travel',
  'Tech',
  'Climate',
];
const START = Date.UTC(2022, 0, 1);

async function seed(url: string, dialect: Dialect): Promise<void> {
  const database = await openDatabase(url);
  const BATCH = 2000;
  state = 42;
  storiesWith.clear();
  const started = Date.now();
  for (let done = 0; done < COUNT; done += BATCH) {
    const articles: Array<Record<string, unknown>> = [];
    const tags: Array<Record<string, unknown>> = [];
    const documents: Array<Record<string, unknown>> = [];
    for (let n = done; n < Math.min(COUNT, done + BATCH); n++) {
      const id = newId();
      storyWords = new Set();
      const headline = `${words(7)} ${n}`;
      const summary = words(20);
      const where = place();
      storyWords.add(where);
      const body = `<p>${words(60)} ${where}</p><p>${words(60)}</p>`;
      const published = random() < 0.9;
      const at = new Date(START + Math.floor(random() * 3 * 365 * 86_400_000));
      articles.push({
        id,
        slug: `story-${n}`,
        headline,
        summary,
        body,
        section: SECTIONS[n % SECTIONS.length],
        language: 'en',
        source: 'Bench Wire',
        status: published ? 'published' : 'draft',
        version: 1,
        createdAt: at,
        updatedAt: at,
        publishedAt: published ? at : null,
        firstPublishedAt: published ? at : null,
      });
      for (let p = 0; p < 3; p++)
        tags.push({ articleId: id, position: p, tag: `tag-${Math.floor(random() ** 2 * 60)}` });
      documents.push({ articleId: id, headline, summary, body: body.replace(/<\/?p>/g, ' ').trim(), captions: '' });
      if (published) for (const index of storyWords) storiesWith.set(index, (storiesWith.get(index) ?? 0) + 1);
    }
    await inTransaction(database.prisma, async (tx) => {
      await insertRows(tx, dialect, ARTICLES, articles);
      // Repeated tags on one story are dropped by the API; here positions differ, so duplicates are harmless.
      await insertRows(tx, dialect, TAGS, tags);
      await insertRows(tx, dialect, SEARCH_DOCUMENTS, documents);
    });
  }
  if (dialect === 'postgres') await database.prisma.$executeRawUnsafe('ANALYZE');
  else await database.prisma.$queryRawUnsafe('PRAGMA optimize');
  await database.close();
  console.log(`  seeded ${COUNT} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

type App = Awaited<ReturnType<typeof buildApp>>;

async function get(app: App, url: string, auth: boolean) {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: auth ? { authorization: `Bearer ${ADMIN_KEY}` } : {},
  });
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  return response.json() as { data: Array<{ id: string }>; nextCursor: string | null };
}

/** The URL of page `page` (1-based) of a list, reached by following cursors. */
async function pageUrl(
  app: App,
  query: string,
  page: number,
  auth: boolean,
): Promise<{ url: string; reached: number }> {
  let url = `/v1/articles?${query}`;
  for (let n = 1; n < page; n++) {
    const { nextCursor } = await get(app, url, auth);
    if (!nextCursor) return { url, reached: n };
    url = `/v1/articles?${query}&cursor=${encodeURIComponent(nextCursor)}`;
  }
  return { url, reached: page };
}

/** Median and 95th percentile in milliseconds over RUNS requests (after two warm-ups). */
async function time(app: App, url: string, auth: boolean): Promise<{ median: number; p95: number; items: number }> {
  let items = 0;
  for (let n = 0; n < 2; n++) items = (await get(app, url, auth)).data.length;
  const samples: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    const started = process.hrtime.bigint();
    await get(app, url, auth);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)] as number,
    p95: samples[Math.floor(samples.length * 0.95)] as number,
    items,
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function comparePages(app: App, label: string, query: string, deep: number, auth = false): Promise<void> {
  const first = await time(app, `/v1/articles?${query}`, auth);
  const { url, reached } = await pageUrl(app, query, deep, auth);
  const last = await time(app, url, auth);
  console.log(
    `  ${label.padEnd(44)} page 1 ${ms(first.median)} (p95 ${ms(first.p95)}) · page ${reached} ${ms(last.median)} (p95 ${ms(last.p95)}) · ratio ${(last.median / first.median).toFixed(2)}`,
  );
}

async function single(app: App, label: string, url: string, auth = false): Promise<void> {
  const result = await time(app, url, auth);
  console.log(`  ${label.padEnd(44)} ${ms(result.median)} (p95 ${ms(result.p95)}), ${result.items} items`);
}

async function bench(label: string, url: string, dialect: Dialect): Promise<void> {
  console.log(`\n${label}: ${COUNT} articles`);
  await migrate(url);
  await seed(url, dialect);
  const app = await buildApp(
    loadConfig({
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      CMS_ADMIN_KEY: ADMIN_KEY,
      RATE_LIMIT_MAX: '10000000',
      SCHEDULER_INTERVAL_MS: '0',
    }),
  );
  await app.ready();
  try {
    await comparePages(app, 'public list, -publishedAt (default)', 'limit=20', 1000);
    await comparePages(app, 'newsroom list, publishedAt (drafts last)', 'limit=20&sort=publishedAt', 1000, true);
    await comparePages(app, 'public list, sort=headline', 'limit=20&sort=headline', 1000);
    await comparePages(app, 'public list, -updatedAt', 'limit=20&sort=-updatedAt', 1000);
    await comparePages(app, 'section=Sport&tag=tag-1', 'limit=20&section=Sport&tag=tag-1', 100);
    await comparePages(app, 'search q=council (-publishedAt)', 'limit=20&q=council', 1000);
    await comparePages(app, 'q=council sort=relevance, to the last page', 'limit=20&q=council&sort=relevance', 100);
    const rare = rareWord();
    await single(
      app,
      `search q=${rare.word} (in ${rare.stories} stories), relevance`,
      `/v1/articles?limit=20&sort=relevance&q=${rare.word}`,
    );
    await single(app, 'search q="the council" (phrase)', '/v1/articles?limit=20&q=%22the%20council%22');
    // Hostile: the most prefixes the parser allows (more is a 400), and one word in nearly every story, 100 a page.
    const hostile = encodeURIComponent('ka* lo* mi* re* -"zz zz"');
    await single(
      app,
      'hostile: 4 two-letter prefixes, limit=100',
      `/v1/articles?limit=100&sort=relevance&q=${hostile}`,
    );
    await single(app, 'hostile: q=the* (every story), limit=100', '/v1/articles?limit=100&sort=relevance&q=the*');
    await single(app, 'hostile: same, sorted by headline', `/v1/articles?limit=100&sort=headline&q=${hostile}`);
    const {
      data: [story],
    } = await get(app, '/v1/articles?limit=1', false);
    await single(app, 'related suggestions (limit=5)', `/v1/articles/${story?.id}/related/suggestions`);
    console.log(
      `  load average ${loadavg()[0]?.toFixed(1)} (2 cores shared with other work: figures are noisy; ratios matter)`,
    );
  } finally {
    await app.close();
  }
}

mkdirSync(OUT, { recursive: true });
const sqliteFile = join(OUT, 'bench-list.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
await bench('SQLite', `file:${sqliteFile}`, 'sqlite');
if (process.env.BENCH_POSTGRES_URL)
  await withPostgresDatabase(process.env.BENCH_POSTGRES_URL, (url) => bench('Postgres', url, 'postgres'));

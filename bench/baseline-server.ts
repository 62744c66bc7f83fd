// The baseline: raw Fastify + better-sqlite3 prepared statements serving the same JSON as the API
// for the benchmarked routes, with none of its rules (no validation, no rate limit, no idempotency),
// but the same durability (one transaction per write, WAL) and the same key check.
//   BASELINE_DB=path PORT=3901 node --import tsx bench/baseline-server.ts
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const db = new Database(process.env.BASELINE_DB ?? 'bench/out/baseline.db');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('optimize = 0x10002'); // planner statistics, as the API gathers them on open

type Row = Record<string, unknown>;
const iso = (value: unknown) => (typeof value === 'string' ? new Date(value).toISOString() : null);
const stamp = () => new Date().toISOString().replace('Z', '+00:00');
const PUBLIC = `a.status = 'published' AND a.deleted_at IS NULL AND (a.embargoed_until IS NULL OR a.embargoed_until <= ?)`;
const SUMMARY = `a.id, a.slug, a.headline, a.summary, a.byline, a.source, a.section, a.language, a.status, a.version,
  a.created_at, a.updated_at, a.published_at, a.first_published_at, a.publish_at, a.unpublish_at, a.embargoed_until`;

const q = {
  article: db.prepare(`SELECT ${SUMMARY}, a.body FROM articles a WHERE a.id = ? AND ${PUBLIC}`),
  anyArticle: db.prepare(`SELECT ${SUMMARY}, a.body FROM articles a WHERE a.id = ? AND a.deleted_at IS NULL`),
  tags: db.prepare('SELECT tag FROM article_tags WHERE article_id = ? ORDER BY position').pluck(),
  captions: db.prepare('SELECT * FROM captions WHERE article_id = ? ORDER BY position'),
  related:
    db.prepare(`SELECT a.id, a.slug, a.headline, l.rel FROM related_links l JOIN articles a ON a.id = l.related_article_id
    WHERE l.article_id = ? AND ${PUBLIC} ORDER BY l.position`),
  corrections: db.prepare(
    'SELECT id, kind, text, created_at, version FROM corrections WHERE article_id = ? ORDER BY created_at, id',
  ),
  list: db.prepare(`SELECT ${SUMMARY} FROM articles a WHERE ${PUBLIC} ORDER BY a.created_at DESC, a.id DESC LIMIT ?`),
  search: db.prepare(`SELECT ${SUMMARY} FROM articles a WHERE ${PUBLIC} AND (a.headline LIKE ? OR a.body LIKE ?)
    ORDER BY a.created_at DESC, a.id DESC LIMIT ?`),
  key: db.prepare('SELECT role FROM api_keys WHERE hash = ? AND revoked_at IS NULL').pluck(),
  insertArticle:
    db.prepare(`INSERT INTO articles (id, slug, headline, summary, body, source, section, language, status, version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'en', 'draft', 1, ?, ?)`),
  insertTag: db.prepare('INSERT INTO article_tags (article_id, position, tag) VALUES (?, ?, ?)'),
  insertCaption:
    db.prepare(`INSERT INTO captions (id, article_id, position, text, credit, location, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  insertLink: db.prepare(
    'INSERT INTO related_links (article_id, related_article_id, position, rel, created_at) VALUES (?, ?, ?, ?, ?)',
  ),
  bump: db.prepare(
    'UPDATE articles SET version = version + 1, updated_at = ?, summary = COALESCE(?, summary) WHERE id = ? AND version = ?',
  ),
  insertRevision:
    db.prepare(`INSERT INTO revisions (id, article_id, version, created_at, action, changed_fields, snapshot, actor)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'baseline')`),
};

function summary(row: Row, tags: unknown[]) {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    summary: row.summary,
    byline: row.byline,
    source: row.source,
    section: row.section,
    tags,
    language: row.language,
    status: row.status,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    publishedAt: iso(row.published_at),
    firstPublishedAt: iso(row.first_published_at),
    publishAt: iso(row.publish_at),
    unpublishAt: iso(row.unpublish_at),
    embargoedUntil: iso(row.embargoed_until),
  };
}

function full(row: Row, now: string) {
  const id = row.id as string;
  return {
    ...summary(row, q.tags.all(id)),
    body: row.body,
    captions: (q.captions.all(id) as Row[]).map((c) => ({
      id: c.id,
      articleId: c.article_id,
      position: c.position,
      text: c.text,
      credit: c.credit,
      imageUrl: c.image_url,
      altText: c.alt_text,
      location: c.location,
      takenAt: iso(c.taken_at),
      takenOn: c.taken_on,
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
    })),
    related: (q.related.all(id, now) as Row[]).map((l, position) => ({
      id: l.id,
      slug: l.slug,
      headline: l.headline,
      rel: l.rel,
      position,
    })),
    corrections: (q.corrections.all(id) as Row[]).map((c) => ({
      id: c.id,
      kind: c.kind,
      text: c.text,
      createdAt: iso(c.created_at),
      version: c.version,
    })),
  };
}

const app = Fastify({ logger: false });
const problem = (status: number, title: string) => ({ type: 'about:blank', title, status });

function editor(authorization: string | undefined): boolean {
  const secret = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  const role = q.key.get(createHash('sha256').update(secret).digest('hex'));
  return role === 'editor' || role === 'admin';
}

app.get('/health', async () => ({ status: 'ok' }));

app.get<{ Params: { id: string } }>('/v1/articles/:id', async (request, reply) => {
  const now = stamp();
  const row = q.article.get(request.params.id, now) as Row | undefined;
  if (!row) return reply.code(404).type('application/problem+json').send(problem(404, 'Not Found'));
  return reply.header('etag', `"v${row.version}"`).send(full(row, now));
});

app.get<{ Querystring: { limit?: string; q?: string } }>('/v1/articles', async (request) => {
  const limit = Math.min(Number(request.query.limit ?? 20), 100);
  const now = stamp();
  const term = request.query.q;
  const rows = (term ? q.search.all(now, `%${term}%`, `%${term}%`, limit + 1) : q.list.all(now, limit + 1)) as Row[];
  const page = rows.slice(0, limit);
  return {
    data: page.map((row) => summary(row, q.tags.all(row.id))),
    nextCursor:
      rows.length > limit
        ? Buffer.from(JSON.stringify({ c: iso(page.at(-1)?.created_at), i: page.at(-1)?.id })).toString('base64url')
        : null,
  };
});

interface CreateBody {
  headline: string;
  summary?: string;
  body?: string;
  source?: string;
  section?: string;
  tags?: string[];
  captions?: Array<{ text: string; credit?: string; location?: string }>;
  related?: Array<{ articleId: string; rel?: string }>;
}

const create = db.transaction((input: CreateBody) => {
  const now = stamp();
  const id = randomUUID();
  const slug = `${input.headline
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 70)}-${id.slice(0, 8)}`;
  q.insertArticle.run(
    id,
    slug,
    input.headline,
    input.summary ?? null,
    input.body ?? '',
    input.source ?? null,
    input.section ?? null,
    now,
    now,
  );
  (input.tags ?? []).forEach((tag, i) => q.insertTag.run(id, i, tag));
  (input.captions ?? []).forEach((c, i) =>
    q.insertCaption.run(randomUUID(), id, i, c.text, c.credit ?? null, c.location ?? null, now, now),
  );
  (input.related ?? []).forEach((l, i) => q.insertLink.run(id, l.articleId, i, l.rel ?? 'related', now));
  const article = full(q.anyArticle.get(id) as Row, now);
  q.insertRevision.run(randomUUID(), id, 1, now, 'created', '[]', JSON.stringify(article));
  return article;
});

app.post<{ Body: CreateBody }>('/v1/articles', async (request, reply) => {
  if (!editor(request.headers.authorization)) return reply.code(401).send(problem(401, 'Unauthorized'));
  const article = create(request.body);
  return reply
    .code(201)
    .header('location', `/v1/articles/${article.id}`)
    .header('etag', `"v${article.version}"`)
    .send(article);
});

const update = db.transaction((id: string, version: number, patch: { summary?: string }) => {
  const now = stamp();
  if (q.bump.run(now, patch.summary ?? null, id, version).changes !== 1) return null;
  const article = full(q.anyArticle.get(id) as Row, now);
  q.insertRevision.run(randomUUID(), id, version + 1, now, 'updated', '["summary"]', JSON.stringify(article));
  return article;
});

app.patch<{ Params: { id: string }; Body: { summary?: string } }>('/v1/articles/:id', async (request, reply) => {
  if (!editor(request.headers.authorization)) return reply.code(401).send(problem(401, 'Unauthorized'));
  const version = Number(/^"v(\d+)"$/.exec(request.headers['if-match'] ?? '')?.[1]);
  if (!version) return reply.code(428).send(problem(428, 'Precondition Required'));
  const article = update(request.params.id, version, request.body);
  if (!article) {
    const current = (q.anyArticle.get(request.params.id) as Row | undefined)?.version;
    return reply
      .code(412)
      .send({ ...problem(412, 'Precondition Failed'), currentVersion: current, currentEtag: `"v${current}"` });
  }
  return reply.header('etag', `"v${article.version}"`).send(article);
});

await app.listen({ port: Number(process.env.PORT ?? 3901), host: '127.0.0.1' });

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(src, path)] : [];
  });
}

/** Relative imports of a file (static, re-exports, type-only and dynamic alike), as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)];
  return specifiers.map(([, specifier = '']) =>
    relative(src, resolve(dirname(join(src, file)), specifier)).replace(/\.js$/, '.ts'),
  );
}

/** `modules/articles/x.ts` → `articles`; anything else → its folder or file under src/ (`lib`, `app.ts`). */
const areaOf = (file: string): string => {
  const [top = '', name = ''] = file.split('/');
  return top === 'modules' ? name : top;
};
const isModule = (file: string) => file.startsWith('modules/');

const files = sourceFiles(src);
const edges = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })));

/** Module → the modules it imports. */
const moduleGraph = new Map<string, Set<string>>();
for (const { from, to } of edges) {
  if (!isModule(from) || !isModule(to) || areaOf(from) === areaOf(to)) continue;
  const targets = moduleGraph.get(areaOf(from)) ?? new Set<string>();
  targets.add(areaOf(to));
  moduleGraph.set(areaOf(from), targets);
}

/**
 * Pairs that still import each other, until the work that separates them lands. Each names why it
 * is still there; a pair that no longer depends both ways must leave the list.
 */
const NOT_YET_ONE_WAY: Record<string, string> = {};

/**
 * Where each part lives, as the files a module offers the others: importing any other file of a
 * module is reaching into its internals. A file others stop importing must leave its list.
 */
const SURFACE: Record<string, string[]> = {
  archive: ['ninjs.ts'],
  'article-list': [],
  articles: [
    'article-aggregate.repository.ts',
    'article-parts.schemas.ts',
    'article-writer.ts',
    'articles.repository.ts',
    'articles.schemas.ts',
    'batch-slugs.ts',
    'bylines.ts',
    'credits.repository.ts',
    'credits.schemas.ts',
    'credits.ts',
    'link-targets.ts',
    'slugs.repository.ts',
    'slugs.ts',
    'story-read.repository.ts',
  ],
  captions: ['captions.schemas.ts'],
  contributors: ['contributors.schemas.ts', 'name-key.ts'],
  changes: ['changes.schemas.ts'],
  corrections: ['corrections.schemas.ts'],
  delivery: [
    'delivery.repository.ts',
    'delivery.schemas.ts',
    'delivery.service.ts',
    'formats.ts',
    'site.ts',
    'story-reply.ts',
  ],
  legal: ['kill.schemas.ts'],
  outbox: ['change-event.ts', 'outbox.repository.ts', 'sequencer.ts'],
  related: ['related.schemas.ts'],
  revisions: ['revisions.repository.ts'],
  search: [
    'search-index.repository.ts',
    'search-query.ts',
    'search.repository.ts',
    'search.sql.ts',
    'suggestions.repository.ts',
  ],
  'story-format': ['story-format.ts', 'story-preparation.ts'],
  subjects: ['subjects.schemas.ts'],
};
const surfaceOf = (module: string) => (SURFACE[module] ?? []).map((file) => `modules/${module}/${file}`);
const crossModule = edges.filter(({ from, to }) => isModule(from) && isModule(to) && areaOf(from) !== areaOf(to));

function pairsBothWays(): string[] {
  const pairs = new Set<string>();
  for (const [from, targets] of moduleGraph) {
    for (const to of targets) if (moduleGraph.get(to)?.has(from)) pairs.add([from, to].sort().join(' ↔ '));
  }
  return [...pairs].sort();
}

/** Infrastructure: the app, its plugins and the shared libraries; routes.ts and services.ts compose the features. */
const INFRASTRUCTURE = ['app.ts', 'config.ts', 'server.ts', 'db', 'lib', 'plugins'];

/** Files under src/ reachable from `start` by imports. */
function reachable(start: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...start];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...edges.filter((edge) => edge.from === file).map((edge) => edge.to));
  }
  return seen;
}

/** Infrastructure imports of features still to remove, each with why it is there. */
const INFRASTRUCTURE_NOT_YET_FREE: Record<string, string> = {};

describe('module graph', () => {
  it('sees the imports it is meant to check', () => {
    expect(moduleGraph.get('captions')).toContain('articles');
    expect(importsOf('routes.ts')).toContain('modules/articles/articles.routes.ts');
    for (const { to } of edges) expect(existsSync(join(src, to)), to).toBe(true);
  });

  it('has no pair of modules that depend on each other both ways', () => {
    expect(pairsBothWays().filter((pair) => !(pair in NOT_YET_ONE_WAY))).toEqual([]);
  });

  it('lists no pair as not yet one way that already is', () => {
    const both = new Set(pairsBothWays());
    expect(Object.keys(NOT_YET_ONE_WAY).filter((pair) => !both.has(pair))).toEqual([]);
  });

  it("no module imports another's internals: only the files its surface lists", () => {
    const reaching = crossModule.filter(({ to }) => !surfaceOf(areaOf(to)).includes(to));
    expect(reaching.map(({ from, to }) => `${from} → ${to}`)).toEqual([]);
  });

  it('lists in a surface only files other modules import', () => {
    const imported = new Set(crossModule.map(({ to }) => to));
    expect(
      Object.keys(SURFACE)
        .flatMap(surfaceOf)
        .filter((file) => !imported.has(file)),
    ).toEqual([]);
    const modules = readdirSync(join(src, 'modules'));
    expect(Object.keys(SURFACE).filter((module) => !modules.includes(module))).toEqual([]);
  });

  it('webhooks and the change feed read the outbox from outbox/, not from articles/', () => {
    expect(moduleGraph.get('webhooks')).toContain('outbox');
    expect(moduleGraph.get('changes')).toContain('outbox');
    expect(moduleGraph.get('webhooks')).not.toContain('articles');
    expect(moduleGraph.get('changes')).not.toContain('articles');
  });

  it('the list and its cursor are read only through article-list/', () => {
    expect(files.filter((file) => /(^|\/)(article-list\.|list-cursor|list-pages)/.test(file))).toEqual(
      expect.arrayContaining(['modules/article-list/list-cursor.ts', 'modules/article-list/list-pages.ts']),
    );
    expect(
      files.filter((file) => /list-cursor|list-pages|article-list\./.test(file) && areaOf(file) !== 'article-list'),
    ).toEqual([]);
  });

  it('infrastructure imports no feature module; only routes.ts and services.ts compose them', () => {
    const offenders = edges.filter(
      ({ from, to }) =>
        INFRASTRUCTURE.includes(from.split('/')[0] as string) &&
        isModule(to) &&
        !(`${from} → ${to}` in INFRASTRUCTURE_NOT_YET_FREE),
    );
    expect(offenders).toEqual([]);
  });

  it('the story-file format reaches no database code', () => {
    const storyFormat = files.filter((file) => areaOf(file) === 'story-format');
    expect(storyFormat.length).toBeGreaterThan(0);
    expect([...reachable(storyFormat)].filter((file) => file.startsWith('db/'))).toEqual([]);
  });
});

describe("docs/architecture.md's layout", () => {
  const readme = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Layout\n'), readme.indexOf('**Migrations**'));
  const listed = [...section.matchAll(/^ {4}(src\/[\w./-]+)/gm)].map(([, path = '']) => path);

  it('names only paths that exist', () => {
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('names every folder and file directly under src/ and every module', () => {
    const top = readdirSync(src, { withFileTypes: true }).map((e) => `src/${e.name}${e.isDirectory() ? '/' : ''}`);
    const modules = readdirSync(join(src, 'modules')).map((name) => `src/modules/${name}/`);
    const expected = [...top.filter((path) => path !== 'src/modules/'), ...modules];
    expect(expected.filter((path) => !listed.includes(path))).toEqual([]);
  });
});

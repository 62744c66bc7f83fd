// CPU profile of the API on SQLite under one bench scenario, summarised: where a request's time goes.
//
//   npm run bench:profile -- list          (story, list, search, create or patch; BENCH_SECONDS, default 10)
//
// The server runs as in `npm run bench` (10,000 seeded stories, 10 connections) with `--cpu-prof`;
// the summary (self time by function, inclusive time by package or source file) is printed and
// written to bench/out/profile-<scenario>.md, the raw profile beside it (Chrome DevTools opens it).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measure, SCENARIOS, type Scenario } from './scenarios.js';
import { seededSqlite } from './seed.js';
import { startCommand, startServer, stopAllOnSignal } from './servers.js';

const STORIES = Number(process.env.BENCH_STORIES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = fileURLToPath(new URL('./out/', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A source location as short as it stays readable: a package name, or a path under the project or node:. */
function placeOf(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const [scope = '', name = ''] = url.slice(nm + 14).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (url.startsWith('file://')) return url.replace(`file://${ROOT}`, '');
  return url || '(native)';
}

/** Self and inclusive CPU time of the samples in the last `windowMicros` of the profile (the measurement, not start-up). */
export function summarise(profile: Profile, requests: number, windowMicros: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ticks = new Map<number, number>();
  const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
  let at = profile.endTime - total;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= profile.endTime - windowMicros) ticks.set(id, (ticks.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of ticks) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += micros;
    const name = `${frame.functionName || '(anonymous)'} ${placeOf(frame.url)}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + micros);
    const places = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      places.add(placeOf((byId.get(node) as ProfileNode).callFrame.url));
    }
    for (const place of places) inclusive.set(place, (inclusive.get(place) ?? 0) + micros);
  }
  const rows = (figures: Map<string, number>, count: number) =>
    [...figures]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(
        ([name, micros]) =>
          `| ${name} | ${((100 * micros) / busy).toFixed(1)}% | ${(micros / 1000 / requests).toFixed(3)} |`,
      );
  return [
    `Busy (not idle) CPU: ${(busy / 1e6).toFixed(2)} s over ${requests.toLocaleString('en-US')} requests = ${(busy / 1000 / requests).toFixed(3)} ms per request.`,
    '',
    '| self time: function and place | share | ms per request |',
    '| --- | ---: | ---: |',
    ...rows(self, 25),
    '',
    '| inclusive time: package or file | share | ms per request |',
    '| --- | ---: | ---: |',
    ...rows(inclusive, 25),
  ].join('\n');
}

async function main(scenario: Scenario): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const file = `${OUT}profile-api.db`;
  const dir = `${OUT}profile-${scenario}`;
  for (const path of [file, `${file}-wal`, `${file}-shm`, dir]) rmSync(path, { recursive: true, force: true });
  const seeded = await seededSqlite(file, STORIES, CONNECTIONS);
  const server = await startServer({
    label: 'API on SQLite (profiled)',
    port: 3904,
    readyPath: '/ready',
    // The start command's own flags (heap sizes), with the profiler's in front.
    argv: [process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, ...startCommand().slice(1)],
    env: { DATABASE_URL: `file:${file}`, LOG_LEVEL: 'warn', CMS_ADMIN_KEY: ADMIN_KEY, RATE_LIMIT_MAX: '100000000' },
  });
  let figures: Awaited<ReturnType<typeof measure>>;
  let stopMs = 0;
  try {
    const target = {
      label: server.label,
      url: server.url,
      editorKey: seeded.editorKey,
      hotIds: seeded.hotIds,
      search: true,
      cpuSeconds: server.cpuSeconds,
      patchSlots: seeded.patchTargets.map((t) => ({ id: t.id, etag: `"v${t.version}"` })),
    };
    // Warm: the query compiler, the caches and V8's compiled code as in a running site.
    await measure(scenario, target, CONNECTIONS, 2);
    figures = await measure(scenario, target, CONNECTIONS, SECONDS);
  } finally {
    // A graceful stop: the profile is written as the process exits.
    const stopping = performance.now();
    await server.stop('SIGTERM');
    stopMs = performance.now() - stopping;
  }
  const [profileFile] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  if (!profileFile) throw new Error(`no profile written in ${dir}`);
  const profile = JSON.parse(readFileSync(`${dir}/${profileFile}`, 'utf8')) as Profile;
  const markdown = [
    `## CPU profile: ${scenario}, ${new Date().toISOString()}`,
    '',
    `${Math.round(figures.rps)} req/s, p99 ${figures.p99} ms, ${figures.cpuMsPerRequest.toFixed(2)} ms CPU per request ` +
      `(${figures.requests} requests, ${figures.non2xx} non-2xx) with the profiler on; raw profile: bench/out/profile-${scenario}/${profileFile}`,
    '',
    `Samples of the measured ${SECONDS} s and the ${Math.round(stopMs)} ms stop after it (start-up and warm-up left out):`,
    '',
    summarise(profile, figures.requests, (SECONDS * 1000 + stopMs) * 1000),
    '',
  ].join('\n');
  writeFileSync(`${OUT}profile-${scenario}.md`, markdown);
  console.log(markdown);
}

const scenario = process.argv[2] as Scenario;
if (!SCENARIOS.includes(scenario)) {
  console.error(`usage: npm run bench:profile -- <${SCENARIOS.join('|')}>`);
  process.exit(2);
}
process.chdir(ROOT);
stopAllOnSignal(async () => undefined);
await main(scenario);

import { DESCRIPTIONS, type Figures, SCENARIOS, type Scenario } from './scenarios.js';

export interface TargetReport {
  label: string;
  coldStartMs: number;
  peakRss: number;
  runs: Partial<Record<Scenario, Figures[]>>;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (x: number) => `${fmt(x * 100)}%`;
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;

export function summarise(runs: Figures[] | undefined) {
  if (!runs?.length) return null;
  return {
    rps: mean(runs.map((r) => r.rps)),
    p50: mean(runs.map((r) => r.p50)),
    p99: mean(runs.map((r) => r.p99)),
    cpu: mean(runs.map((r) => r.cpuMsPerRequest)),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    each: runs.map((r) => fmt(r.rps)).join(' / '),
  };
}

/** Markdown tables: each scenario with every target's figures and ratio to the baseline. */
export function renderTables(baseline: TargetReport, targets: TargetReport[]): string {
  const lines: string[] = [];
  for (const scenario of SCENARIOS) {
    const base = summarise(baseline.runs[scenario]);
    lines.push(`### ${DESCRIPTIONS[scenario]}`, '');
    lines.push(
      '| server | req/s (each run) | mean req/s | ratio to baseline | p50 ms | p99 ms | p99 ratio | CPU ms/req | CPU ratio | non-2xx | errors |',
    );
    lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const target of [baseline, ...targets]) {
      const s = summarise(target.runs[scenario]);
      if (!s) {
        lines.push(`| ${target.label} | not supported by this server | | | | | | | | | |`);
        continue;
      }
      const ratio = base ? pct(s.rps / base.rps) : '–';
      const p99Ratio = base ? `${fmt(s.p99 / base.p99, 1)}×` : '–';
      lines.push(
        `| ${target.label} | ${s.each} | ${fmt(s.rps)} | ${ratio} | ${fmt(s.p50, 1)} | ${fmt(s.p99, 1)} | ${p99Ratio} | ${fmt(s.cpu, 2)} | ${base ? `${fmt(s.cpu / base.cpu, 1)}×` : '–'} | ${s.non2xx} | ${s.errors} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '### Process',
    '',
    '| server | cold start to ready | ratio | peak RSS | ratio |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const target of [baseline, ...targets]) {
    lines.push(
      `| ${target.label} | ${fmt(target.coldStartMs)} ms | ${fmt(target.coldStartMs / baseline.coldStartMs, 1)}× | ${mb(target.peakRss)} | ${fmt(target.peakRss / baseline.peakRss, 1)}× |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** The issue's targets, each with the measured figure and whether it holds. */
export function renderTargets(baseline: TargetReport, sqlite: TargetReport, postgres?: TargetReport): string {
  const base = (s: Scenario) => summarise(baseline.runs[s]);
  const api = (t: TargetReport | undefined, s: Scenario) => (t ? summarise(t.runs[s]) : null);
  const checks: Array<[string, string, boolean | null]> = [];
  const ratioCheck = (label: string, t: TargetReport | undefined, s: Scenario, min: number) => {
    const a = api(t, s);
    const b = base(s);
    checks.push([label, a && b ? pct(a.rps / b.rps) : 'not measured', a && b ? a.rps / b.rps >= min : null]);
  };
  ratioCheck('SQLite (a) single story ≥ 40% of baseline req/s', sqlite, 'story', 0.4);
  const story = api(sqlite, 'story');
  checks.push([
    'SQLite (a) single story p99 ≤ 15 ms',
    story ? `${fmt(story.p99, 1)} ms` : 'not measured',
    story ? story.p99 <= 15 : null,
  ]);
  ratioCheck('SQLite (b) list page ≥ 40% of baseline req/s', sqlite, 'list', 0.4);
  const create = api(sqlite, 'create');
  checks.push([
    'SQLite (d) ≥ 300 durable creates/s',
    create ? `${fmt(create.rps)}/s` : 'not measured',
    create ? create.rps >= 300 : null,
  ]);
  checks.push(['SQLite peak RSS ≤ 200 MB', mb(sqlite.peakRss), sqlite.peakRss <= 200 * 1024 * 1024]);
  checks.push(['SQLite cold start to ready ≤ 1.5 s', `${fmt(sqlite.coldStartMs)} ms`, sqlite.coldStartMs <= 1500]);
  if (postgres) ratioCheck('Postgres (a) single story ≥ 25% of the SQLite baseline', postgres, 'story', 0.25);
  return [
    '| target | measured | holds |',
    '| --- | ---: | :---: |',
    ...checks.map(([label, value, ok]) => `| ${label} | ${value} | ${ok === null ? '–' : ok ? 'yes' : '**no**'} |`),
    '',
  ].join('\n');
}

import { type Server, startCommand, startServer } from '../../bench/servers.js';
import { ADMIN_KEY, type Answer, type Failure, isAnswer, json, send } from './http.js';

let nextPort = 3950;

/** The real server (dist/server.js, started as `npm start` starts it) on a database, ready when /ready says so. */
export function startApi(
  label: string,
  databaseUrl: string,
  env: Record<string, string> = {},
  port = nextPort++,
): Promise<Server> {
  return startServer({
    label,
    port,
    argv: startCommand(),
    readyPath: '/ready',
    timeoutMs: 60_000,
    env: {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      CMS_ADMIN_KEY: ADMIN_KEY,
      RATE_LIMIT_MAX: '100000000',
      SCHEDULER_INTERVAL_MS: '0',
      ...env,
    },
  });
}

export interface Story {
  id: string;
  slug: string;
  version: number;
  headline: string;
  summary: string | null;
  status: string;
  captions: Array<{ text: string }>;
  related: Array<{ id: string }>;
}

export function storyBody(headline: string, linkTo?: string) {
  return {
    headline,
    summary: `Summary of ${headline}`,
    body: `<p>${headline}: the full text.</p>`,
    tags: ['resilience'],
    captions: [{ text: `Caption of ${headline}`, credit: 'Resilience Wire' }],
    ...(linkTo && { related: [{ articleId: linkTo, rel: 'background' }] }),
  };
}

export async function createStory(base: string, headline: string, linkTo?: string): Promise<Story> {
  const answer = await send(base, 'POST', '/v1/articles', { body: storyBody(headline, linkTo) });
  if (!isAnswer(answer) || answer.status !== 201) throw new Error(`create failed: ${describe(answer)}`);
  return json<Story>(answer);
}

export const describe = (r: Answer | Failure) => (isAnswer(r) ? `${r.status} ${r.body.slice(0, 200)}` : r.error);

/** Every story the newsroom can list (all pages). */
export async function listAll(base: string): Promise<Array<{ id: string; headline: string; version: number }>> {
  const all: Array<{ id: string; headline: string; version: number }> = [];
  let cursor: string | null = null;
  do {
    const page: { data: typeof all; nextCursor: string | null } = json(
      await send(base, 'GET', `/v1/articles?limit=100${cursor ? `&cursor=${cursor}` : ''}`),
    );
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export async function revisionVersions(base: string, id: string): Promise<number[]> {
  const versions: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: Array<{ version: number }>; nextCursor: string | null } = json(
      await send(base, 'GET', `/v1/articles/${id}/revisions?limit=100${cursor ? `&cursor=${cursor}` : ''}`),
    );
    versions.push(...page.data.map((r) => r.version));
    cursor = page.nextCursor;
  } while (cursor);
  return versions.sort((a, b) => a - b);
}

import autocannon from 'autocannon';
import { paragraph, SEARCH_TERMS } from './corpus.js';

/** One server under test, with what the scenarios need from its database. */
export interface Target {
  label: string;
  url: string;
  editorKey: string;
  hotIds: string[];
  /** One story per connection for PATCH, with its current ETag (kept up to date across runs). */
  patchSlots: Array<{ id: string; etag: string }>;
  /** Search runs only where the API takes a `q` parameter. */
  search: boolean;
  /** CPU seconds the server process has used so far. */
  cpuSeconds(): number;
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Server CPU time per request (its own process; a database server's work is not in it). */
  cpuMsPerRequest: number;
}

export const SCENARIOS = ['story', 'list', 'search', 'create', 'patch'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const DESCRIPTIONS: Record<Scenario, string> = {
  story: '(a) anonymous GET of one published story with captions and related links',
  list: '(b) anonymous list page of 20',
  search: '(c) anonymous search, page of 20',
  create: '(d) editor create (with a caption and a related link), durable before 201',
  patch: '(e) editor PATCH with If-Match',
};

type Request = autocannon.Request;
type Slot = Target['patchSlots'][number];

let created = 0;

function requestsFor(scenario: Scenario, target: Target): Request[] {
  const editor = { authorization: `Bearer ${target.editorKey}`, 'content-type': 'application/json' };
  let n = 0;
  switch (scenario) {
    case 'story':
      return [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'GET',
            path: `/v1/articles/${target.hotIds[n++ % target.hotIds.length]}`,
          }),
        },
      ];
    case 'list':
      return [{ method: 'GET', path: '/v1/articles?limit=20' }];
    case 'search':
      return [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'GET',
            path: `/v1/articles?limit=20&q=${SEARCH_TERMS[n++ % SEARCH_TERMS.length]}`,
          }),
        },
      ];
    case 'create':
      return [
        {
          setupRequest: (req) => {
            const k = ++created;
            return {
              ...req,
              method: 'POST',
              path: '/v1/articles',
              headers: editor,
              body: JSON.stringify({
                headline: `Bench desk files breaking story ${k} for ${target.label}`,
                summary: 'A story written during the benchmark.',
                body: `<p>${paragraph(k, 0)}</p><p>${paragraph(k, 1)}</p>`,
                source: 'Bench Wire',
                section: 'News',
                tags: ['bench', 'breaking'],
                captions: [
                  { text: `Crowds gather at the scene, story ${k}`, credit: 'Bench Wire', location: 'Ashford' },
                ],
                related: [{ articleId: target.hotIds[k % target.hotIds.length], rel: 'background' }],
              }),
            };
          },
        },
      ];
    case 'patch': {
      // autocannon clears a connection's context after each request, so stories are lent from a pool:
      // a connection takes a free one, and gives it back with its new ETag when the answer comes.
      const free = [...target.patchSlots];
      return [
        {
          setupRequest: (req, context) => {
            const slot = free.shift() ?? (target.patchSlots[n++ % target.patchSlots.length] as Slot);
            (context as { slot?: Slot }).slot = slot;
            return {
              ...req,
              method: 'PATCH',
              path: `/v1/articles/${slot.id}`,
              headers: { ...editor, 'if-match': slot.etag },
              body: JSON.stringify({ summary: `Updated at ${Date.now()} by the bench` }),
            };
          },
          onResponse: (status, body, context, headers) => {
            const slot = (context as { slot: Slot }).slot;
            const etag = (headers as Record<string, string | undefined>).etag;
            if (etag) slot.etag = etag;
            else if (status === 412) slot.etag = (JSON.parse(body) as { currentEtag: string }).currentEtag;
            if (!free.includes(slot)) free.push(slot);
          },
        },
      ];
    }
  }
}

/** One measurement: `connections` connections for `seconds`, against one target. */
export async function measure(
  scenario: Scenario,
  target: Target,
  connections: number,
  seconds: number,
): Promise<Figures> {
  const cpuBefore = target.cpuSeconds();
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    requests: requestsFor(scenario, target),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest: ((target.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, result.requests.total),
  };
}

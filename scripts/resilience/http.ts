import { request as httpRequest } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

export interface Failure {
  /** The socket error (ECONNREFUSED: nobody listening; ECONNRESET / socket hang up: dropped mid-request). */
  error: string;
  ms: number;
}

export const ADMIN_KEY = 'resilience-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
export const admin = { authorization: `Bearer ${ADMIN_KEY}` };

/** One request on a fresh connection (no keep-alive), so "in flight" and "new" are told apart. */
export function send(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number; anonymous?: boolean } = {},
): Promise<Answer | Failure> {
  const started = performance.now();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(!options.anonymous && admin),
          ...(payload && { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - started,
          }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ error: error.code ?? error.message, ms: performance.now() - started }),
        );
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message, ms: performance.now() - started }),
    );
    req.end(payload);
  });
}

export const isAnswer = (r: Answer | Failure): r is Answer => 'status' in r;

export function json<T>(answer: Answer | Failure): T {
  if (!isAnswer(answer)) throw new Error(`request failed: ${answer.error}`);
  return JSON.parse(answer.body) as T;
}

/** Counts of statuses and errors, for the report: { "201": 40, "ECONNREFUSED": 3 }. */
export function tally(results: Array<Answer | Failure>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = isAnswer(r) ? String(r.status) : r.error;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

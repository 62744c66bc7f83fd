import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export interface Server {
  label: string;
  url: string;
  child: ChildProcess;
  /** Spawn to first successful readiness answer, in ms. */
  coldStartMs: number;
  /** Peak resident memory of the process so far (Linux VmHWM), in bytes. */
  peakRss(): number;
  cpuSeconds(): number;
  /** The last few kB the process wrote to stderr. */
  stderrTail(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ServerSpec {
  label: string;
  port: number;
  /** The command: [executable, ...args]. */
  argv: string[];
  env: Record<string, string>;
  /** Path answering 200 once the server is ready. */
  readyPath: string;
  /** Give up after this long. */
  timeoutMs?: number;
}

/**
 * The server command exactly as `npm start` runs it after its build (package.json's `start` script,
 * with this Node for `node`), so the bench and the resilience script start the server with the same
 * Node flags (heap sizes) as `npm start` and the Dockerfile.
 */
export function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [node, ...args] = (pkg.scripts.start ?? '').trim().split(/\s+/);
  if (node !== 'node' || !args.includes('dist/server.js'))
    throw new Error(`the start script is not "node [flags] dist/server.js": ${pkg.scripts.start}`);
  return [process.execPath, ...args];
}

/** CPU time (user + system) the process has used, in seconds (Linux /proc, 100 ticks a second). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export function peakRssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts a server process and waits until its readiness path answers 200. */
export async function startServer(spec: ServerSpec): Promise<Server> {
  const url = `http://127.0.0.1:${spec.port}`;
  const started = performance.now();
  const child = spawn(spec.argv[0] as string, spec.argv.slice(1), {
    env: { ...process.env, ...spec.env, PORT: String(spec.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
    if (process.env.SERVER_STDERR === '1') process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = started + (spec.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${spec.label} exited with ${child.exitCode} before ready:\n${stderr}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${spec.label} not ready after ${spec.timeoutMs ?? 30_000} ms:\n${stderr}`);
    }
    const ok = await fetch(url + spec.readyPath).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(10);
  }
  const coldStartMs = performance.now() - started;
  return {
    label: spec.label,
    url,
    child,
    coldStartMs,
    peakRss: () => peakRssOf(child.pid),
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stderrTail: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

const running = new Set<ChildProcess>();
let exiting = false;
/** Stops every server this process started when the benchmark is interrupted, so none is left behind. */
export function stopAllOnSignal(cleanup: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (exiting) return;
      exiting = true;
      for (const child of running) child.kill('SIGKILL');
      void cleanup().finally(() => process.exit(130));
    });
  }
}

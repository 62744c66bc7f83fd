import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PreparedFile, PrepareOptions } from './prepare-files.js';

/**
 * The worker file sits next to this one: .js once built, .ts when run through tsx, whose loader a
 * worker does not inherit (privatenumber/tsx#354), so a small bootstrap registers it first.
 */
function startWorker(file: URL): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file);
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

type Reply = { id: number; results: PreparedFile[] } | { id: number; error: string };

/** Runs prepareFiles in one worker thread; requests are answered in order. */
export class PreparePool {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (results: PreparedFile[]) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;

  constructor() {
    this.worker = startWorker(new URL(`./prepare-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.results);
    });
    this.worker.on('error', (error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
  }

  prepare(files: string[], options: PrepareOptions): Promise<PreparedFile[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, files, options });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

import { execFile } from 'node:child_process';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { buildServices, type Services } from '../../src/services.js';
import { nodeTs, ROOT } from './node-ts.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}

/**
 * Runs `cms <args>` (src/cli/index.ts) in a child process against the database at `url`; a run
 * still going after `timeout` ms is killed and answers code 1 with `timedOut`.
 */
export function runCli(url: string, args: string[], { timeout = 0 }: { timeout?: number } = {}): Promise<CliRun> {
  const [command, argv] = nodeTs('src/cli/index.ts', ...args);
  return new Promise((resolve) => {
    execFile(
      command,
      argv,
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
        maxBuffer: 64 * 1024 * 1024,
        timeout,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, ...(error?.killed && { timedOut: true }) });
      },
    );
  });
}

/** The services over the database at `url`, to look at what a CLI run left behind. */
export async function withServices<T>(url: string, work: (services: Services) => Promise<T>): Promise<T> {
  const database = await openDatabase(url);
  try {
    return await work(buildServices(database, loadConfig({ DATABASE_URL: url }), () => new Date()));
  } finally {
    await database.close();
  }
}

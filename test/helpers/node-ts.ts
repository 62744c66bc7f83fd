import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The command and arguments that run a TypeScript entry point in one Node process.
 * Not `node_modules/.bin/tsx`: that wrapper runs the script in a child process, so a SIGKILL (or a
 * timeout) stopped the wrapper and left the real server running as an orphan.
 */
export function nodeTs(script: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', script, ...args]];
}

/** nodeTs for a child whose working directory is elsewhere: the loader and the script by absolute path. */
export function nodeTsFromAnywhere(script: string, ...args: string[]): [string, string[]] {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [process.execPath, ['--import', loader, join(ROOT, script), ...args]];
}

/** A TCP port nothing listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

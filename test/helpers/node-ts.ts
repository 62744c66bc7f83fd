import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The command and arguments that run a TypeScript entry point in one Node process.
 * Not `node_modules/.bin/tsx`: that wrapper runs the script in a child process, so a SIGKILL (or a
 * timeout) stopped the wrapper and left the real server running as an orphan.
 */
export function nodeTs(script: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', script, ...args]];
}

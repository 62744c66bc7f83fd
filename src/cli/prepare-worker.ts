// Worker thread of PreparePool: reads and prepares story files while the main thread writes the
// previous batch, so parsing and the database use both cores.
import { parentPort } from 'node:worker_threads';
import { type PrepareOptions, prepareFiles } from './prepare-files.js';

parentPort?.on('message', (request: { id: number; files: string[]; options: PrepareOptions }) => {
  prepareFiles(request.files, request.options).then(
    (results) => parentPort?.postMessage({ id: request.id, results }),
    (error: unknown) =>
      parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});

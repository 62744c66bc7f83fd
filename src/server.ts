import { setFlagsFromString } from 'node:v8';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { preloadHtml } from './lib/html.js';

async function main(): Promise<void> {
  // Prisma's query compiler is WebAssembly. By default V8 compiles it twice (a quick baseline, then
  // optimised code for hot functions, in background threads): that second tier cost ~50 MB of peak
  // memory and part of the cold start, for no measurable gain in request time. Set before the
  // database (and so the compiler) is opened.
  setFlagsFromString('--liftoff-only');
  // V8 lets the old generation grow to up to 4× what survived the last full collection before it
  // collects again: under write load that was ~150 MB of heap holding ~40 MB of live objects, and
  // the peak resident size went past 300 MB. Growing by 30% of the live size instead keeps the peak
  // near 190 MB for a few % more CPU per request (bench/RESULTS.md, "Memory"). Not a cap: a big legal
  // input still gets all the heap it needs. Read at every collection, so it works when set here; the
  // young generation's size (--max-semi-space-size) is read only at start, so it is in the start
  // command (package.json, Dockerfile).
  setFlagsFromString('--heap-growing-percent=30');
  const config = loadConfig();
  const app = await buildApp(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // close() stops accepting connections, waits for in-flight requests, then runs onClose hooks (database).
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.PORT, host: config.HOST });
  setImmediate(preloadHtml);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Failed to start:', error);
  }
  process.exit(1);
});

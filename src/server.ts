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

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { ExportFormat } from '../modules/archive/export.service.js';
import { withCli } from './context.js';
import { createProgress } from './progress.js';

/**
 * `cms export --format ndjson|ninjs [--out file]`: every article, one JSON document per line, to
 * the file (written under a temporary name and renamed when complete) or to stdout.
 */
export async function exportCommand(options: { format: ExportFormat; out?: string }): Promise<number> {
  return withCli(async ({ services }) => {
    const progress = createProgress(`export ${options.format}`, await services.exports.count());
    const partial = options.out && `${options.out}.partial`;
    const out = partial ? createWriteStream(partial) : process.stdout;
    try {
      const written = await services.exports.write(options.format, out, () => progress.advance(1));
      if (partial && options.out) {
        out.end();
        await finished(out);
        await rename(partial, options.out);
      }
      progress.stop();
      process.stderr.write(
        `Exported ${written} articles as ${options.format}${options.out ? ` to ${options.out}` : ''}.\n`,
      );
      return 0;
    } catch (error) {
      if (partial) await rm(partial, { force: true });
      throw error;
    }
  });
}

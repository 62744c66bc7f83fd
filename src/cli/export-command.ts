import type { ExportFormat } from '../modules/archive/export.service.js';
import { withCli } from './context.js';
import { writeOutput } from './output.js';
import { createProgress } from './progress.js';

/** `cms export --format ndjson|ninjs [-o file]`: every article, one JSON document per line, to the file or stdout. */
export async function exportCommand(options: { format: ExportFormat; output?: string }): Promise<number> {
  return withCli(async ({ services }) => {
    const progress = createProgress(`export ${options.format}`, await services.exports.count());
    const written = await writeOutput(options.output, (out) =>
      services.exports.write(options.format, out, () => progress.advance(1)),
    );
    progress.stop();
    process.stderr.write(
      `Exported ${written} articles as ${options.format}${options.output ? ` to ${options.output}` : ''}.\n`,
    );
    return 0;
  });
}

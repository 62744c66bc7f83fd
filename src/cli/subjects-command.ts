import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SubjectScheme } from '../modules/subjects/subjects.schemas.js';
import { parseVocabulary, VocabularyError } from '../modules/subjects/vocabulary-file.js';
import { withCli } from './context.js';
import { createProgress } from './progress.js';

/**
 * Loads a vocabulary into a scheme, concept by concept: new codes are created, known ones brought
 * up to date, so running it again changes nothing. Exit 1 when some concepts could not be loaded.
 */
export async function importSubjectsCommand(file: string, options: { scheme: SubjectScheme }): Promise<number> {
  let concepts: ReturnType<typeof parseVocabulary>;
  try {
    concepts = parseVocabulary(await readFile(file, 'utf8'), basename(file));
  } catch (error) {
    if (!(error instanceof VocabularyError)) throw error;
    process.stderr.write(`cms subjects import: ${file}: ${error.message}\n`);
    return 1;
  }
  return withCli(async ({ services }) => {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const failed: string[] = [];
    const progress = createProgress('Subjects', concepts.length);
    for (const concept of concepts) {
      try {
        counts[await services.subjects.importConcept(options.scheme, concept)]++;
      } catch (error) {
        failed.push(`${concept.code}: ${error instanceof Error ? error.message : String(error)}`);
      }
      progress.advance(1);
    }
    progress.stop();
    process.stdout.write(
      `Subjects in ${options.scheme}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${failed.length} failed\n`,
    );
    for (const line of failed) process.stdout.write(`  failed ${line}\n`);
    return failed.length ? 1 : 0;
  });
}

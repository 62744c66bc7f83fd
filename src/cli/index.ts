#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { ROLES, type Role } from '../lib/access.js';
import { runAs } from '../lib/actor.js';
import { AppError } from '../lib/errors.js';
import { InstantInputSchema } from '../lib/zod-atoms.js';
import { EXPORT_FORMATS, type ExportFormat } from '../modules/archive/export.service.js';
import { DATE_SOURCES, datingConflicts, IMPORT_STATUSES } from '../modules/imports/imports.schemas.js';
import { SUBJECT_SCHEMES, type SubjectScheme } from '../modules/subjects/subjects.schemas.js';
import { exportCommand } from './export-command.js';
import { DEFAULT_MAX_FILE_BYTES, formatBytes, parseByteSize } from './file-reading.js';
import { type ImportCommandOptions, importCommand } from './import-command.js';
import { createKeyCommand, listKeysCommand, revokeKeyCommand } from './keys-command.js';
import { printableText } from './printable.js';
import { importSubjectsCommand } from './subjects-command.js';

/** Exit codes: 0 done, 1 done but some files failed (import) or the target was not found, 2 could not run. */
const FATAL = 2;

function byteSize(value: string): number {
  try {
    return parseByteSize(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** An instant as the API takes one (ISO-8601 with a zone), or a usage error naming the option. */
function instant(value: string): Date {
  const parsed = InstantInputSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidArgumentError(
    issue?.code === 'custom'
      ? `It ${issue.message}.`
      : 'Give an ISO-8601 instant: a date, a time and a zone, e.g. 2014-03-14T18:30:00Z.',
  );
}

/** -o/--output on every command that writes data: a file keeps npm's banner (on stdout) out of it. */
const outputOption = (description = 'write to this file instead of stdout (complete or not at all)') =>
  new Option('-o, --output <file>', description);

const outputOf = (options: { output?: string; out?: string }) => {
  const output = options.output ?? options.out;
  return output === undefined ? {} : { output };
};

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('cms')
    .description(
      'Newsroom CMS command line: import and export archives, manage API keys, migrate the database.\n' +
        'Reads DATABASE_URL (and the other settings) from the environment, like the server.',
    )
    .exitOverride()
    .showHelpAfterError();
  const run = (command: Promise<number>) => command.then(setExitCode);

  program
    .command('import')
    .description('Import story files (plain-text archive format) or an NDJSON export, in batches')
    .argument('<inputs...>', 'files, directories (every .txt file under them) or quoted glob patterns')
    .addOption(
      new Option('--status <status>', 'status of the imported stories').choices(IMPORT_STATUSES).default('draft'),
    )
    .option('--dry-run', 'check every file and report, write nothing')
    .option('--source <name>', 'use this source for every story instead of its source line')
    .addOption(
      new Option(
        '--published-at <instant>',
        "the stories' publication time (ISO-8601 with a zone), kept on drafts too; with --date-from caption, " +
          'only for stories whose captions give no date',
      ).argParser(instant),
    )
    .addOption(
      new Option(
        '--date-from <source>',
        'where publication times come from: caption (the latest caption date, start of that day UTC), ' +
          'file-mtime (the file was last changed) or now (the default: story files carry no date; NDJSON exports ' +
          'always keep their own)',
      ).choices(DATE_SOURCES),
    )
    .addOption(
      new Option('--max-file-size <size>', 'refuse story files larger than this (bytes, or e.g. 64K, 16M)')
        .argParser(byteSize)
        .default(DEFAULT_MAX_FILE_BYTES, formatBytes(DEFAULT_MAX_FILE_BYTES)),
    )
    .option('--json', 'print the summary as JSON: created, updated, skipped and failed, with ids, slugs and reasons')
    .addOption(outputOption('write the summary to this file instead of stdout'))
    .action((inputs: string[], options: ImportCommandOptions, command: Command) => {
      if (datingConflicts(options)) {
        command.error(
          `error: --published-at would never be used with --date-from ${options.dateFrom}, which dates every story: ` +
            'pass one or the other (--published-at falls back only for --date-from caption)',
        );
      }
      return run(importCommand(inputs, options));
    });

  program
    .command('export')
    .description('Write every article, one JSON document per line (NDJSON restores losslessly with `import`)')
    .addOption(
      new Option('--format <format>', 'ndjson (lossless) or ninjs (IPTC ninjs 3.1)')
        .choices(EXPORT_FORMATS)
        .default('ndjson'),
    )
    .addOption(outputOption())
    // The name before -o/--output, kept for scripts written against it.
    .addOption(new Option('--out <file>').hideHelp().conflicts('output'))
    .action((options: { format: ExportFormat; output?: string; out?: string }) =>
      run(exportCommand({ format: options.format, ...outputOf(options) })),
    );

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(() =>
      run(
        migrate(loadConfig().DATABASE_URL).then((applied) => {
          process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n');
          return 0;
        }),
      ),
    );

  const keys = program.command('keys').description('Manage API keys');
  keys
    .command('create')
    .description('Create an API key and print its secret (shown only once)')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what the key is for, e.g. "Web desk"')
    .addOption(outputOption('write only the secret to this file (mode 600) instead of printing it'))
    .action((options: { role: Role; name: string; output?: string }) => run(createKeyCommand(options)));
  keys
    .command('list')
    .description('List API keys (never their secrets)')
    .addOption(outputOption())
    .action((options: { output?: string }) => run(listKeysCommand(options)));
  keys
    .command('revoke')
    .description('Revoke an API key at once')
    .argument('<id>', 'the key id')
    .action((id: string) => run(revokeKeyCommand(id)));

  const subjects = program.command('subjects').description('Manage the subject taxonomy');
  subjects
    .command('import')
    .description(
      'Load a vocabulary (SKOS-style JSON or CSV: qcode, prefLabel, broader) into a scheme; safe to run again',
    )
    .argument('<file>', 'a .json or .csv file')
    .addOption(
      new Option('--scheme <scheme>', 'the scheme to load it into').choices(SUBJECT_SCHEMES).default('iptc-mediatopic'),
    )
    .action((file: string, options: { scheme: SubjectScheme }) => run(importSubjectsCommand(file, options)));
  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram((code) => {
      exitCode = code;
    }).parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : FATAL;
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    } else process.stderr.write(`cms: ${printableText(error instanceof Error ? error.message : String(error))}\n`);
    return FATAL;
  }
}

// A reader that stops early (`cms export | head`) is no error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

// Revisions written by the CLI name it as their actor.
runAs('cli', () => {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
});

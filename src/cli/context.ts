import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { buildServices, type Services } from '../services.js';

export interface CliContext {
  services: Services;
  close(): Promise<void>;
}

/** What every command needs: configuration from the environment, a migrated database, the services. */
export async function openCli(): Promise<CliContext> {
  const config = loadConfig();
  await migrate(config.DATABASE_URL);
  const database = await openDatabase(config.DATABASE_URL);
  return { services: buildServices(database, config, () => new Date()), close: () => database.close() };
}

/** Runs a command against the database and always closes it; returns the process exit code. */
export async function withCli(work: (cli: CliContext) => Promise<number>): Promise<number> {
  const cli = await openCli();
  try {
    return await work(cli);
  } finally {
    await cli.close();
  }
}

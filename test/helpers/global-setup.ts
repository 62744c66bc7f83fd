import { checkPostgres, testDialect } from './database.js';

export default async function setup(): Promise<void> {
  console.log(`Test database: ${testDialect}`);
  if (testDialect === 'postgres') await checkPostgres();
}

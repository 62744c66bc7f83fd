import type { Dialect, Queryable } from '../../db/client.js';
import { type CompiledSearch, searchSql } from './search.sql.js';

/** The matched passages of these stories, with their rank, for a search's result page. */
export const findSnippets = (db: Queryable, dialect: Dialect, search: CompiledSearch, ids: string[]) =>
  db.$queryRaw<Array<{ id: string; snippet: string | null; score: number }>>(searchSql(dialect).snippets(search, ids));

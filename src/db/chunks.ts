/**
 * Values per IN-list. Prisma refuses a statement with more than 999 bound parameters on SQLite
 * ("query parameter limit … exceeded"), and the rest of the statement needs a few of its own.
 */
export const IN_LIST_CHUNK = 500;

/**
 * Runs a query whose IN-list holds `values` once per chunk of at most IN_LIST_CHUNK, one after
 * another (inside a transaction they share one connection anyway), and concatenates the rows.
 */
export async function findInChunks<V, R>(values: readonly V[], query: (chunk: V[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let start = 0; start < values.length; start += IN_LIST_CHUNK) {
    rows.push(...(await query(values.slice(start, start + IN_LIST_CHUNK))));
  }
  return rows;
}

import type { Db } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { saveSearchDocument, unindexedArticles } from './search-index.repository.js';

const BATCH = 200;

/** Keeps the search index whole: stories stored before search existed are indexed at start-up. */
export class SearchIndexService {
  constructor(private readonly prisma: Db) {}

  /** Indexes every article that has no search document yet; returns how many. */
  async indexMissing(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await inTransaction(this.prisma, async (tx) => {
        const rows = await unindexedArticles(tx, BATCH);
        for (const row of rows) await saveSearchDocument(tx, row.id, row);
        return rows.length;
      });
      total += count;
      if (count < BATCH) return total;
    }
  }
}

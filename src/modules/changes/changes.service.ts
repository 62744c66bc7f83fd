import type { Db } from '../../db/client.js';
import type { Viewer } from '../../lib/access.js';
import { decodeSequenceCursor, encodeSequenceCursor } from '../../lib/cursor.js';
import { toChange } from '../outbox/change-event.js';
import { eventsAfter } from '../outbox/outbox.repository.js';
import type { ChangeFeed } from './changes.schemas.js';

/**
 * The change feed: outbox events in sequence order. The newsroom sees every change; the public
 * only changes to stories that were public before or after them, and only slugs that were public.
 */
export class ChangesService {
  constructor(private readonly prisma: Db) {}

  async read(after: string | undefined, limit: number, viewer: Viewer): Promise<ChangeFeed> {
    const from = after ? decodeSequenceCursor(after) : 0;
    const rows = await eventsAfter(this.prisma, from, limit + 1, !viewer.newsroom);
    const page = rows.slice(0, limit);
    const last = page.at(-1)?.sequence ?? from;
    return {
      data: page.map((row) => toChange(row, viewer.newsroom ? 'newsroom' : 'public')),
      nextCursor: encodeSequenceCursor(last),
      hasMore: rows.length > limit,
    };
  }
}

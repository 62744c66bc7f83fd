import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { countArticles, type ExportRow, exportPage } from './export.repository.js';
import { toExportDocument } from './export-document.js';
import { toExportedNinjs } from './ninjs.js';

export const EXPORT_FORMATS = ['ndjson', 'ninjs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const PAGE_SIZE = 100;

const FORMATTERS: Record<ExportFormat, (row: ExportRow, now: Date) => unknown> = {
  ndjson: toExportDocument,
  ninjs: toExportedNinjs,
};

/** Streams every article out, one JSON document per line, reading a keyset page at a time. */
export class ExportsService {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date,
  ) {}

  count(): Promise<number> {
    return countArticles(this.prisma);
  }

  async *rows(): AsyncGenerator<ExportRow> {
    let after: { createdAt: Date; id: string } | undefined;
    const subjects = new Map();
    for (;;) {
      const page = await exportPage(this.prisma, PAGE_SIZE, after, subjects);
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  /** Writes every article as one line each, waiting for the stream to drain; returns how many. */
  async write(format: ExportFormat, out: Writable, onArticle: () => void = () => undefined): Promise<number> {
    const formatter = FORMATTERS[format];
    const now = this.now();
    let written = 0;
    for await (const row of this.rows()) {
      if (!out.write(`${JSON.stringify(formatter(row, now))}\n`)) await once(out, 'drain');
      written += 1;
      onArticle();
    }
    return written;
  }
}

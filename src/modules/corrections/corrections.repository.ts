import type { Queryable } from '../../db/client.js';
import type { Prisma } from '../../db/generated/sqlite/client.js';

export async function insertCorrection(db: Queryable, data: Prisma.CorrectionUncheckedCreateInput): Promise<void> {
  await db.correction.create({ data });
}

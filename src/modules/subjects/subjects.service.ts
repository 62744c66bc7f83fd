import { z } from 'zod';
import type { Db, Queryable } from '../../db/client.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  UnprocessableError,
  ValidationError,
} from '../../lib/errors.js';
import { assertVersion, etagFor } from '../../lib/etag.js';
import { newId } from '../../lib/ids.js';
import { nextFreeSlug, slugFromHeadline } from '../../lib/slug.js';
import { IdSchema } from '../../lib/zod-atoms.js';
import {
  broaderChain,
  deleteSubjectAt,
  findSubject,
  findSubjectByCode,
  findSubjectBySlug,
  insertSubject,
  listSubjectPage,
  type SubjectRow,
  subjectSlugsLike,
  subjectUses,
  updateSubjectAt,
} from './subjects.repository.js';
import {
  IPTC_SCHEME,
  iptcUri,
  type Subject,
  type SubjectCreate,
  type SubjectListQuery,
  type SubjectPatch,
  type SubjectScheme,
} from './subjects.schemas.js';

/** Deeper than any real vocabulary (IPTC Media Topics have 5 levels): a longer chain is a loop. */
const MAX_DEPTH = 64;

export function toSubject(row: SubjectRow): Subject {
  return {
    id: row.id,
    scheme: row.scheme as SubjectScheme,
    code: row.code,
    name: row.name,
    slug: row.slug,
    broader: row.broaderId,
    sameAs: JSON.parse(row.sameAs) as string[],
    uri: row.uri,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const CursorSchema = z.strictObject({
  s: z.string().max(40),
  c: z.string().max(200),
  i: IdSchema,
  f: z.string().max(100),
});

export class SubjectsService {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date,
  ) {}

  async create(input: SubjectCreate, outer?: Queryable): Promise<Subject> {
    const run = async (tx: Queryable) => {
      const base = input.slug ?? slugFromHeadline(input.name);
      const code = input.code ?? base;
      await this.assertFree(tx, input.scheme, code, input.slug);
      if (input.broader) await this.assertBroader(tx, null, input.broader);
      const slug = input.slug ?? nextFreeSlug(base, await subjectSlugsLike(tx, input.scheme, base));
      const now = this.now();
      return insertSubject(tx, {
        id: newId(),
        scheme: input.scheme,
        code,
        name: input.name,
        slug,
        broaderId: input.broader ?? null,
        sameAs: JSON.stringify(input.sameAs ?? []),
        uri: input.uri ?? (input.scheme === IPTC_SCHEME ? iptcUri(code) : null),
        createdAt: now,
        updatedAt: now,
      });
    };
    const row = await (outer ? run(outer) : inTransaction(this.prisma, run)).catch((error: unknown) => {
      if (isUniqueViolation(error))
        throw new ConflictError(
          'A subject with this code or slug was written at the same time: retry',
          'WRITE_CONFLICT',
        );
      throw error;
    });
    return toSubject(row);
  }

  private async assertFree(db: Queryable, scheme: string, code: string, slug: string | undefined, except?: string) {
    const clash =
      (await findSubjectByCode(db, scheme, code)) ?? (slug ? await findSubjectBySlug(db, scheme, slug) : null);
    if (clash && clash.id !== except) {
      const what = clash.code === code ? `the code ${code}` : `the slug ${slug}`;
      throw new ConflictError(`The scheme ${scheme} already has a subject with ${what}`, 'SUBJECT_TAKEN', {
        subjectId: clash.id,
      });
    }
  }

  /** The broader subject exists, and (for an existing subject) does not lie under it. */
  private async assertBroader(db: Queryable, id: string | null, broader: string): Promise<void> {
    if (!(await findSubject(db, broader))) {
      throw new UnprocessableError(`No such broader subject: ${broader}`, 'UNKNOWN_SUBJECT', { subjectIds: [broader] });
    }
    if (id === null) return;
    const chain = await broaderChain(db, broader, MAX_DEPTH);
    if (chain.includes(id) || chain.length > MAX_DEPTH) {
      const loop = chain.includes(id) ? [...chain.slice(0, chain.indexOf(id) + 1), broader] : chain;
      throw new UnprocessableError(
        `The subject cannot sit under ${broader}: that subject is the subject itself or lies under it`,
        'SUBJECT_CYCLE',
        { subjectIds: loop },
      );
    }
  }

  async get(id: string): Promise<SubjectRow> {
    const row = await findSubject(this.prisma, id);
    if (!row) throw new NotFoundError(`No subject ${id}`);
    return row;
  }

  async list(query: SubjectListQuery) {
    const filters = `${query.scheme ?? ''}|${query.broader ?? ''}`;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, CursorSchema);
    if (after && after.f !== filters) {
      throw new ValidationError([
        { path: 'querystring.cursor', message: 'was issued for other filters: send the same scheme and broader' },
      ]);
    }
    const rows = await listSubjectPage(this.prisma, {
      ...(query.scheme !== undefined && { scheme: query.scheme }),
      ...(query.broader !== undefined && { broader: query.broader }),
      ...(after && { after: { scheme: after.s, code: after.c, id: after.i } }),
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      data: page.map(toSubject),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ s: last.scheme, c: last.code, i: last.id, f: filters })
          : null,
    };
  }

  async update(id: string, expectedVersion: number, patch: SubjectPatch, outer?: Queryable): Promise<Subject> {
    const run = async (tx: Queryable) => {
      const row = await findSubject(tx, id);
      if (!row) throw new NotFoundError(`No subject ${id}`);
      assertVersion(expectedVersion, row.version, 'subject');
      const fields = {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.slug !== undefined && { slug: patch.slug }),
        ...(patch.broader !== undefined && { broaderId: patch.broader }),
        ...(patch.sameAs !== undefined && { sameAs: JSON.stringify(patch.sameAs) }),
        ...(patch.uri !== undefined && { uri: patch.uri }),
      };
      if (!Object.entries(fields).some(([key, value]) => row[key as keyof SubjectRow] !== value)) return row;
      if (patch.slug !== undefined) await this.assertFree(tx, row.scheme, row.code, patch.slug, id);
      if (patch.broader) await this.assertBroader(tx, id, patch.broader);
      const written = await updateSubjectAt(tx, id, row.version, {
        ...fields,
        version: row.version + 1,
        updatedAt: this.now(),
      });
      const current = await findSubject(tx, id);
      if (!current) throw new NotFoundError(`No subject ${id}`);
      if (!written) throw new PreconditionFailedError(current.version, etagFor(current.version), 'subject');
      return current;
    };
    return toSubject(await (outer ? run(outer) : inTransaction(this.prisma, run)));
  }

  async remove(id: string, expectedVersion: number): Promise<void> {
    await inTransaction(
      this.prisma,
      async (tx) => {
        const row = await findSubject(tx, id);
        if (!row) throw new NotFoundError(`No subject ${id}`);
        assertVersion(expectedVersion, row.version, 'subject');
        const uses = await subjectUses(tx, id);
        if (uses.filings || uses.narrower) {
          throw new ConflictError(
            `The subject has ${uses.narrower} narrower subjects and ${uses.filings} stories filed under it: move them first.`,
            'SUBJECT_IN_USE',
          );
        }
        if (!(await deleteSubjectAt(tx, id, row.version))) {
          const current = await findSubject(tx, id);
          throw current
            ? new PreconditionFailedError(current.version, etagFor(current.version), 'subject')
            : new NotFoundError(`No subject ${id}`);
        }
      },
      // A story filed (or a subject put) under it while this delete waited for them (Postgres): the next attempt sees them.
      { retry: { attempts: 3, when: isForeignKeyViolation } },
    ).catch((error: unknown) => {
      if (isForeignKeyViolation(error))
        throw new ConflictError(
          'Stories or subjects were put under the subject at the same time: retry',
          'WRITE_CONFLICT',
        );
      throw error;
    });
  }

  /**
   * Loads one concept of a vocabulary file: created when its code is new in the scheme, its name and
   * broader concept brought up to date otherwise (nothing written when they already are).
   */
  async importConcept(
    scheme: SubjectScheme,
    concept: { code: string; name: string; broaderCode: string | null },
  ): Promise<'created' | 'updated' | 'unchanged'> {
    return inTransaction(this.prisma, async (tx) => {
      const broader = concept.broaderCode ? await findSubjectByCode(tx, scheme, concept.broaderCode) : null;
      if (concept.broaderCode && !broader) {
        throw new UnprocessableError(`No broader concept ${concept.broaderCode} in ${scheme}`, 'UNKNOWN_SUBJECT', {
          subjectIds: [`${scheme}:${concept.broaderCode}`],
        });
      }
      const existing = await findSubjectByCode(tx, scheme, concept.code);
      if (!existing) {
        await this.create({ scheme, code: concept.code, name: concept.name, broader: broader?.id ?? null }, tx);
        return 'created';
      }
      const patch = { name: concept.name, broader: broader?.id ?? null };
      const after = await this.update(existing.id, existing.version, patch, tx);
      return after.version === existing.version ? 'unchanged' : 'updated';
    });
  }
}

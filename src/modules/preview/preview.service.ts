import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { NEWSROOM } from '../../lib/access.js';
import { currentActor } from '../../lib/actor.js';
import { NotFoundError, UnprocessableError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { embargoNotice } from '../../lib/visibility.js';
import { type FullRow, findArticle, requireArticleRow } from '../articles/articles.repository.js';
import type { Article } from '../articles/articles.schemas.js';
import { findRevision } from '../revisions/revisions.repository.js';
import { pinnedRow } from './pinned-row.js';
import {
  findPreviewLinkByHash,
  insertPreviewLink,
  listLivePreviewLinks,
  type PreviewLinkRow,
  revokePreviewLink,
} from './preview.repository.js';
import { PREVIEW_DEFAULT_SECONDS, type PreviewLink } from './preview.schemas.js';

/** 32 random bytes in base64url: exactly 43 characters of that alphabet. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Tokens are 256 random bits, so a plain SHA-256 is enough to store them. A token is found by its
 * hash through a unique index: no comparison of secrets happens in this process to time.
 */
const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Statuses after which a story is never previewed again. `killed` is the terminal status of issue 22
 * item 1 (kill and erase): listed here ahead of it, so a kill ends every link the moment it lands.
 */
const ENDS_PREVIEWS: ReadonlySet<string> = new Set(['killed']);
const previewable = (row: Pick<FullRow, 'status' | 'deletedAt'>): boolean =>
  row.deletedAt === null && !ENDS_PREVIEWS.has(row.status);

/** The one answer for every token that does not open a story: unknown, malformed, expired, revoked or ended. */
const noPreview = () => new NotFoundError('No preview at this link: it may have expired or been revoked.');

const toPreviewLink = (row: PreviewLinkRow): PreviewLink => ({
  id: row.id,
  articleId: row.articleId,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  createdBy: row.createdBy,
});

/** Preview links: a story as editors read it, for whoever holds the token. Nothing here touches the story. */
export class PreviewLinksService {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date,
  ) {}

  private async previewableStory(articleId: string): Promise<FullRow> {
    const row = await requireArticleRow(this.prisma, articleId, NEWSROOM, this.now());
    if (!previewable(row)) throw new NotFoundError(`No article ${articleId}`);
    return row;
  }

  async create(
    articleId: string,
    input: { expiresIn?: number | undefined; version?: number | undefined },
  ): Promise<PreviewLink & { token: string }> {
    const story = await this.previewableStory(articleId);
    if (input.version !== undefined && !(await findRevision(this.prisma, articleId, input.version))) {
      throw new UnprocessableError(
        `version: the article has no version ${input.version} (its latest is ${story.version})`,
        'UNKNOWN_VERSION',
        {
          errors: [{ path: 'version', message: `no such version (the latest is ${story.version})` }],
          currentVersion: story.version,
        },
      );
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    // In a transaction so that, with an Idempotency-Key, the link commits with the stored response.
    const row = await inTransaction(this.prisma, (tx) =>
      insertPreviewLink(tx, {
        id: newId(),
        articleId,
        tokenHash: hashToken(token),
        version: input.version ?? null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + (input.expiresIn ?? PREVIEW_DEFAULT_SECONDS) * 1000),
        createdBy: currentActor(),
      }),
    );
    return { ...toPreviewLink(row), token };
  }

  async list(articleId: string): Promise<PreviewLink[]> {
    await this.previewableStory(articleId);
    return (await listLivePreviewLinks(this.prisma, articleId, this.now())).map(toPreviewLink);
  }

  /** Revoking a revoked or expired link again changes nothing; a story in the trash can still have its links revoked. */
  async revoke(articleId: string, linkId: string): Promise<void> {
    if (!(await revokePreviewLink(this.prisma, articleId, linkId, this.now()))) {
      throw new NotFoundError(`Article ${articleId} has no preview link ${linkId}`);
    }
  }

  /**
   * The story a token shows, as editors read it (or the version it pins), with the end of its embargo
   * while one runs (editors are told, as on their own reads); or the one 404.
   */
  async open(token: string): Promise<{ row: FullRow; embargoedUntil: string | null }> {
    if (!TOKEN_PATTERN.test(token)) throw noPreview();
    const link = await findPreviewLinkByHash(this.prisma, hashToken(token));
    const now = this.now();
    if (!link || link.revokedAt || link.expiresAt <= now) throw noPreview();
    const story = await findArticle(this.prisma, { id: link.articleId }, NEWSROOM, now);
    if (!story || !previewable(story)) throw noPreview();
    const embargoedUntil = embargoNotice(story.embargoedUntil, NEWSROOM, now);
    if (link.version === null) return { row: story, embargoedUntil };
    const revision = await findRevision(this.prisma, link.articleId, link.version);
    if (!revision) throw noPreview();
    return { row: pinnedRow(JSON.parse(revision.snapshot) as Article), embargoedUntil };
  }
}

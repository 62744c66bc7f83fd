import type { FastifyInstance } from 'fastify';
import { errorCodes } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { UnprocessableError } from '../../lib/errors.js';
import { IdempotencyHeadersSchema } from '../../lib/http-headers.js';
import { MAX_BODY_BYTES } from '../../lib/limits.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { ArticleSchema } from '../articles/articles.schemas.js';
import { ImportQuerySchema, StoryTextSchema } from './imports.schemas.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Room for a 1 MB body plus headline, captions and related titles. */
const MAX_STORY_BYTES = MAX_BODY_BYTES + 256 * 1024;

const unparsable = (reason: string) =>
  new UnprocessableError(`The story cannot be imported: ${reason}`, 'UNPARSABLE_STORY', { reason });

export async function importsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const imports = app.services.imports;

  // Scoped to this plugin: the story is plain UTF-8 text, and nothing else is accepted here (415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: MAX_STORY_BYTES }, (request, body, done) => {
    const charset = /charset\s*=\s*"?([\w-]+)"?/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
      done(
        new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(`text/plain; charset=${charset} (send the story as UTF-8)`),
        undefined,
      );
      return;
    }
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(unparsable('not valid UTF-8 text'), undefined);
      return;
    }
    // Refused here with the parser's reason rather than later as a generic 400 for NUL characters.
    if (text.includes('\u0000')) done(unparsable('file contains NUL bytes; it looks binary, not text'), undefined);
    else done(null, text);
  });

  app.post(
    '/imports',
    {
      config: {
        access: 'editor',
        idempotent: true,
        responseHeaders: {
          201: ['ETag', 'Location', 'Idempotency-Replayed'],
          200: ['ETag', 'Location', 'Idempotency-Replayed'],
        },
      },
      schema: {
        operationId: 'importStory',
        tags: ['imports'],
        summary: 'Import one story from the plain-text archive format',
        description:
          'Creates the article with its photo captions and related links (by headline; unknown headlines are linked when a story with that headline is imported later). ' +
          'Importing the same story again creates nothing and answers 200 with the article it was imported as. ' +
          'The plain-text format carries no date: a published story is dated now unless `publishedAt` or ' +
          '`dateFrom=caption` date it as the archive story it is (then it stays out of the news sitemap once two days old).',
        consumes: ['text/plain'],
        headers: IdempotencyHeadersSchema,
        querystring: ImportQuerySchema,
        body: StoryTextSchema,
        response: {
          201: ArticleSchema.describe('Imported: the new article'),
          200: ArticleSchema.describe('Already imported: the existing article, unchanged'),
          ...problemResponses(
            400,
            401,
            403,
            'IMPORTED_STORY_IN_TRASH',
            'WRITE_CONFLICT',
            413,
            415,
            'UNPARSABLE_STORY',
            ...IDEMPOTENCY_CODES,
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const { status, source, publishedAt, dateFrom } = request.query;
      const { created, article } = await imports.importOne(request.body, {
        status,
        ...(source !== undefined && { sourceOverride: source }),
        dating: { ...(publishedAt && { publishedAt }), ...(dateFrom && { dateFrom }) },
      });
      return reply
        .code(created ? 201 : 200)
        .header('location', `/v1/articles/${article.id}`)
        .articleVersion(article)
        .send(article);
    },
  );
}

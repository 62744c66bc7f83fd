import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cacheTag } from '../../lib/cache-tags.js';
import { ForbiddenError } from '../../lib/errors.js';
import { etagFor } from '../../lib/etag.js';
import {
  ConditionalGetHeadersSchema,
  IdempotencyHeadersSchema,
  NotModifiedResponseSchema,
} from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS, RESOURCE_READ_HEADERS } from '../../plugins/openapi-headers.js';
import type { ContributorRow } from './contributors.repository.js';
import {
  ContributorCreateSchema,
  ContributorDeleteQuerySchema,
  ContributorListQuerySchema,
  ContributorListSchema,
  ContributorParamsSchema,
  ContributorPatchSchema,
  ContributorSchema,
  ContributorSlugParamsSchema,
} from './contributors.schemas.js';
import { toContributor } from './contributors.service.js';

const tags = ['contributors'];
const CACHING =
  'Read without an editor key it is cacheable by CDNs (`Cache-Control`, `Surrogate-Key`/`Cache-Tag` `contributor:<id>`); ' +
  '`If-None-Match` and `If-Modified-Since` give 304s. `email` and `notes` are sent to editor and admin keys only; ' +
  'the public reads active contributors only (an inactive one is a 404).';

export async function contributorsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const contributors = app.services.contributors;

  const meta = (row: ContributorRow) => ({
    etag: etagFor(row.version),
    lastModified: row.updatedAt,
    cacheTags: [cacheTag.contributor(row.id)],
  });

  app.post(
    '/contributors',
    {
      config: {
        access: 'editor',
        idempotent: true,
        responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'createContributor',
        tags,
        summary: 'Create a contributor: a person stories can credit in their bylines',
        description:
          'Creates a contributor (active unless `active: false`). The slug is generated from the name unless given; a slug ' +
          'another contributor has or had is a 409 `SLUG_TAKEN`. `bio` is sanitised HTML like story bodies. Answers with the ' +
          'contributor, its `ETag` (`"v1"`) and its `Location`. Send `Idempotency-Key` to make retries safe.',
        headers: IdempotencyHeadersSchema,
        body: ContributorCreateSchema,
        response: {
          201: ContributorSchema,
          ...problemResponses(400, 401, 403, 'SLUG_TAKEN', 413, 415, ...IDEMPOTENCY_CODES, 429),
        },
      },
    },
    async (request, reply) => {
      const created = await contributors.create(request.body);
      return reply.code(201).header('location', `/v1/contributors/${created.id}`).articleVersion(created).send(created);
    },
  );

  app.get(
    '/contributors',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: [...DELIVERY_HEADERS], 304: [...DELIVERY_HEADERS] },
      },
      schema: {
        operationId: 'listContributors',
        tags,
        summary: 'List contributors in name order, optionally by the start of a word of their name',
        description:
          'Contributors in name order, A to Z (ignoring case and accents, then by id). `q` keeps those with a word of their name ' +
          'starting so (`had` finds Noor Haddad). The public sees active contributors only, without `email` and `notes`. ' +
          'Keyset-paginated: pass `nextCursor` back as `cursor` with the same `q` and `active`.',
        querystring: ContributorListQuerySchema,
        headers: ConditionalGetHeadersSchema,
        response: { 200: ContributorListSchema, 304: NotModifiedResponseSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { rows, nextCursor } = await contributors.list(request.query, request.viewer);
      const data = rows.map((row) => toContributor(row, request.viewer));
      const cacheTags = [cacheTag.contributors, ...rows.map((row) => cacheTag.contributor(row.id))];
      return reply.deliver({ cacheTags }, { data, nextCursor });
    },
  );

  app.get(
    '/contributors/:id',
    {
      config: { access: 'read', delivery: true, responseHeaders: RESOURCE_READ_HEADERS },
      schema: {
        operationId: 'getContributor',
        tags,
        summary: 'Get a contributor by id',
        description: `One contributor, with its \`ETag\` (send it in \`If-Match\` to change it). ${CACHING}`,
        params: ContributorParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: { 200: ContributorSchema, 304: NotModifiedResponseSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const row = await contributors.get(request.params.id, request.viewer);
      return reply.deliver(meta(row), toContributor(row, request.viewer));
    },
  );

  app.get(
    '/contributors/slug/:slug',
    {
      config: { access: 'read', delivery: true, responseHeaders: RESOURCE_READ_HEADERS },
      schema: {
        operationId: 'getContributorBySlug',
        tags,
        summary: 'Get a contributor by slug; a former slug redirects (301) to the current one',
        description: `The contributor answering to this slug, as \`getContributor\` gives it. A slug they had before answers 301 to the current one. ${CACHING}`,
        params: ContributorSlugParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: {
          200: ContributorSchema,
          301: z.undefined().describe('The contributor moved to a new slug: see Location'),
          304: NotModifiedResponseSchema,
          ...problemResponses(400, 401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const found = await contributors.bySlug(request.params.slug, request.viewer);
      if ('movedTo' in found)
        return reply.deliverRedirect(meta(found.movedTo), `/v1/contributors/slug/${found.movedTo.slug}`);
      return reply.deliver(meta(found.row), toContributor(found.row, request.viewer));
    },
  );

  app.patch(
    '/contributors/:id',
    {
      config: { ifMatch: true, access: 'editor', responseHeaders: { 200: ['ETag'] } },
      schema: {
        operationId: 'updateContributor',
        tags,
        summary: 'Change some fields of a contributor',
        description:
          'Changes only the fields sent (`null` clears an optional field). Needs `If-Match` with the current ETag: 428 ' +
          'without, 412 when someone changed the contributor since. A new slug retires the old one, which then redirects ' +
          'and stays reserved for this contributor. A PATCH that changes nothing keeps the version and ETag.',
        params: ContributorParamsSchema,
        body: ContributorPatchSchema,
        response: {
          200: ContributorSchema,
          ...problemResponses(400, 401, 403, 404, 'SLUG_TAKEN', 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const row = await contributors.update(request.params.id, request.expectedVersion, request.body);
      return reply.articleVersion(row).send(toContributor(row, request.viewer));
    },
  );

  app.delete(
    '/contributors/:id',
    {
      config: { ifMatch: true, access: 'editor' },
      schema: {
        operationId: 'deleteContributor',
        tags,
        summary: 'Delete a contributor no story credits (or, as an admin, force it)',
        description:
          'Deletes the contributor and their retired slugs. While stories credit them the answer is 409 ' +
          '`CONTRIBUTOR_IN_USE`; an admin may pass `?force=true`, which keeps each credit as the plain-text `byline` of ' +
          'its story (an editor gets 403 for `force`). Needs `If-Match`.',
        params: ContributorParamsSchema,
        querystring: ContributorDeleteQuerySchema,
        response: {
          204: z.undefined().describe('Deleted'),
          ...problemResponses(400, 401, 403, 404, 'CONTRIBUTOR_IN_USE', 'WRITE_CONFLICT', 429),
        },
      },
    },
    async (request, reply) => {
      if (request.query.force && request.principal.role !== 'admin')
        throw new ForbiddenError('Only an admin key may force the deletion of a contributor.');
      await contributors.remove(request.params.id, request.expectedVersion, request.query.force);
      return reply.code(204).send();
    },
  );
}

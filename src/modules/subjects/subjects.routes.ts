import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cacheTag } from '../../lib/cache-tags.js';
import { etagFor } from '../../lib/etag.js';
import {
  ConditionalGetHeadersSchema,
  IdempotencyHeadersSchema,
  NotModifiedResponseSchema,
} from '../../lib/http-headers.js';
import { IDEMPOTENCY_CODES, problemResponses } from '../../lib/problem.js';
import { DELIVERY_HEADERS, RESOURCE_READ_HEADERS } from '../../plugins/openapi-headers.js';
import {
  SubjectCreateSchema,
  SubjectListQuerySchema,
  SubjectListSchema,
  SubjectParamsSchema,
  SubjectPatchSchema,
  SubjectSchema,
} from './subjects.schemas.js';
import { toSubject } from './subjects.service.js';

const tags = ['subjects'];

export async function subjectsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const subjects = app.services.subjects;

  app.post(
    '/subjects',
    {
      config: {
        access: 'editor',
        idempotent: true,
        responseHeaders: { 201: ['ETag', 'Location', 'Idempotency-Replayed'] },
      },
      schema: {
        operationId: 'createSubject',
        tags,
        summary: 'Create a subject in a scheme, optionally under a broader one',
        description:
          'Creates a concept of a scheme. `code` is unique within the scheme (for IPTC Media Topics the `medtop:` qcode, ' +
          'required); the slug and, outside IPTC, the code are generated from the name when absent. `broader` must be an ' +
          'existing subject (422 `UNKNOWN_SUBJECT`). Send `Idempotency-Key` to make retries safe.',
        headers: IdempotencyHeadersSchema,
        body: SubjectCreateSchema,
        response: {
          201: SubjectSchema,
          ...problemResponses(
            400,
            401,
            403,
            'SUBJECT_TAKEN',
            'WRITE_CONFLICT',
            413,
            415,
            'UNKNOWN_SUBJECT',
            ...IDEMPOTENCY_CODES,
            429,
          ),
        },
      },
    },
    async (request, reply) => {
      const created = await subjects.create(request.body);
      return reply.code(201).header('location', `/v1/subjects/${created.id}`).articleVersion(created).send(created);
    },
  );

  app.get(
    '/subjects',
    {
      config: {
        access: 'read',
        delivery: true,
        responseHeaders: { 200: [...DELIVERY_HEADERS], 304: [...DELIVERY_HEADERS] },
      },
      schema: {
        operationId: 'listSubjects',
        tags,
        summary: 'List subjects by scheme and code, optionally those directly under one subject',
        description:
          'Subjects in order of scheme, then code (byte order), then id. The 17 top-level IPTC Media Topics are there ' +
          'from the start. Keyset-paginated: pass `nextCursor` back as `cursor` with the same filters.',
        querystring: SubjectListQuerySchema,
        headers: ConditionalGetHeadersSchema,
        response: { 200: SubjectListSchema, 304: NotModifiedResponseSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const page = await subjects.list(request.query);
      const cacheTags = [cacheTag.subjects, ...page.data.map((subject) => cacheTag.subject(subject.id))];
      return reply.deliver({ cacheTags }, page);
    },
  );

  app.get(
    '/subjects/:id',
    {
      config: { access: 'read', delivery: true, responseHeaders: RESOURCE_READ_HEADERS },
      schema: {
        operationId: 'getSubject',
        tags,
        summary: 'Get a subject by id',
        description:
          'One subject, with its `ETag` (send it in `If-Match` to change it). Cacheable by CDNs (`Surrogate-Key`/`Cache-Tag` ' +
          '`subject:<id>`); `If-None-Match` and `If-Modified-Since` give 304s.',
        params: SubjectParamsSchema,
        headers: ConditionalGetHeadersSchema,
        response: { 200: SubjectSchema, 304: NotModifiedResponseSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const row = await subjects.get(request.params.id);
      const meta = { etag: etagFor(row.version), lastModified: row.updatedAt, cacheTags: [cacheTag.subject(row.id)] };
      return reply.deliver(meta, toSubject(row));
    },
  );

  app.patch(
    '/subjects/:id',
    {
      config: { ifMatch: true, access: 'editor', responseHeaders: { 200: ['ETag'] } },
      schema: {
        operationId: 'updateSubject',
        tags,
        summary: 'Rename a subject, move it under another, or change its links',
        description:
          'Changes only the fields sent; the scheme and code never change. Needs `If-Match`. A `broader` that is the ' +
          'subject itself or lies under it is a 422 `SUBJECT_CYCLE` naming the loop.',
        params: SubjectParamsSchema,
        body: SubjectPatchSchema,
        response: {
          200: SubjectSchema,
          ...problemResponses(400, 401, 403, 404, 'SUBJECT_TAKEN', 413, 415, 'UNKNOWN_SUBJECT', 'SUBJECT_CYCLE', 429),
        },
      },
    },
    async (request, reply) => {
      const subject = await subjects.update(request.params.id, request.expectedVersion, request.body);
      return reply.articleVersion(subject).send(subject);
    },
  );

  app.delete(
    '/subjects/:id',
    {
      config: { ifMatch: true, access: 'editor' },
      schema: {
        operationId: 'deleteSubject',
        tags,
        summary: 'Delete a subject nothing is filed or sits under',
        description:
          'Deletes the subject. While stories are filed under it or narrower subjects sit under it, the answer is 409 ' +
          '`SUBJECT_IN_USE`. Needs `If-Match`.',
        params: SubjectParamsSchema,
        response: {
          204: z.undefined().describe('Deleted'),
          ...problemResponses(400, 401, 403, 404, 'SUBJECT_IN_USE', 'WRITE_CONFLICT', 429),
        },
      },
    },
    async (request, reply) => {
      await subjects.remove(request.params.id, request.expectedVersion);
      return reply.code(204).send();
    },
  );
}

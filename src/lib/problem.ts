import { z } from 'zod';
import {
  ERROR_CODE_NAMES,
  ERROR_CODES,
  type ErrorCode,
  ErrorCodeSchema,
  errorCodeSpec,
  PROBLEM_MEMBERS,
  type ProblemMember,
} from './error-codes.js';

export { FieldErrorSchema } from './error-codes.js';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** "For SLUG_TAKEN, SELF_LINK": which codes carry a member, for its description. */
function carriers(member: ProblemMember): string {
  const codes = ERROR_CODE_NAMES.filter((code) => {
    const spec = errorCodeSpec(code);
    return spec.members?.includes(member) || spec.optional?.includes(member);
  });
  return `For ${codes.map((code) => `\`${code}\``).join(', ')}`;
}

const extensionMembers = Object.fromEntries(
  (Object.keys(PROBLEM_MEMBERS) as ProblemMember[]).map((member) => {
    const schema = PROBLEM_MEMBERS[member];
    const own = z.globalRegistry.get(schema)?.description;
    const text = own ? own.charAt(0).toLowerCase() + own.slice(1) : member;
    return [member, schema.optional().meta({ description: `${carriers(member)}: ${text}` })];
  }),
) as { [M in ProblemMember]: z.ZodOptional<(typeof PROBLEM_MEMBERS)[M]> };

/** RFC 9457 problem details: the one error shape of the whole API. */
export const ProblemSchema = z
  .object({
    type: z.string().meta({
      description: 'URI naming the kind of problem: one per `code`',
      example: 'urn:newsroom-cms:problem:validation-failed',
    }),
    title: z
      .string()
      .meta({ description: 'Short summary, the same for every problem of a `code`', example: 'Invalid request' }),
    status: z.number().int().min(400).max(599).meta({ description: 'The HTTP status', example: 400 }),
    detail: z.string().meta({ description: 'What went wrong this time, for people', example: 'headline: is required' }),
    instance: z.string().meta({
      description: '`urn:uuid:` and the request id: the same id as the `X-Request-Id` header and the server’s log line',
      example: 'urn:uuid:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10',
    }),
    code: ErrorCodeSchema,
    ...extensionMembers,
  })
  .meta({
    id: 'Problem',
    description:
      'An error, as RFC 9457 problem details. `code` says which error it is; each code carries the extension members the README lists.',
  });

export type Problem = z.infer<typeof ProblemSchema>;

export const problemType = (code: string): string =>
  `urn:newsroom-cms:problem:${code.toLowerCase().replaceAll('_', '-')}`;

/** Codes that any operation answering with the status may give; other codes are listed by each route. */
const STATUS_CODES: Record<number, ErrorCode[]> = {
  400: ['VALIDATION_FAILED', 'MALFORMED_JSON', 'INVALID_CONTENT_LENGTH', 'BAD_REQUEST'],
  401: ['UNAUTHORIZED'],
  403: ['FORBIDDEN'],
  404: ['NOT_FOUND'],
  406: ['NOT_ACCEPTABLE'],
  412: ['STALE_ETAG'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  428: ['IF_MATCH_REQUIRED'],
  429: ['RATE_LIMITED'],
  500: ['INTERNAL'],
  503: ['DATABASE_UNAVAILABLE', 'SHUTTING_DOWN'],
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request: each offending field is named in `errors`',
  401: 'No API key where one is needed, or the key is malformed, unknown or revoked',
  403: 'The API key’s role does not allow this',
  404: 'Not found, or not visible to this caller',
  406: 'None of the formats asked for (Accept or `format`) is available; the problem lists those that are',
  409: 'Conflicts with the current state',
  412: 'The If-Match ETag is stale; the problem carries the current version and ETag, and the `ETag` header the current ETag',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Well-formed but not acceptable',
  428: 'If-Match header required',
  429: 'Too many requests; retry after the Retry-After header',
  500: 'A fault on the server',
  503: 'The database cannot be reached for now, or this instance is shutting down; retry after the Retry-After header',
};

/** An example problem document for a code, as the API would send it. */
export function problemExample(code: ErrorCode): Problem {
  const spec = ERROR_CODES[code];
  const example: Record<string, unknown> = {
    type: problemType(code),
    title: spec.title,
    status: spec.status,
    detail: spec.example,
    instance: 'urn:uuid:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10',
    code,
  };
  const members: readonly ProblemMember[] = 'members' in spec ? spec.members : [];
  const optional: readonly ProblemMember[] = 'optional' in spec ? spec.optional : [];
  for (const member of [...members, ...optional.slice(0, 1)])
    example[member] = z.globalRegistry.get(PROBLEM_MEMBERS[member])?.example ?? MEMBER_EXAMPLES[member];
  return example as Problem;
}

const MEMBER_EXAMPLES: Partial<Record<ProblemMember, unknown>> = {
  errors: [{ path: 'headline', message: 'is required' }],
  currentStatus: 'published',
  articleId: '019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e',
  articleIds: ['019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e'],
  captionIds: ['019a4b50-1a2b-7c3d-8e4f-5a6b7c8d9e0f', '019a4b50-2b3c-7d4e-9f5a-6b7c8d9e0f1a'],
  publishAt: '2026-03-16T06:00:00.000Z',
  unpublishAt: '2026-03-20T06:00:00.000Z',
};

/** The codes of every operation that takes an Idempotency-Key. */
export const IDEMPOTENCY_CODES = [
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_KEY_REUSED',
] as const satisfies readonly ErrorCode[];

/** What a route lists: a status (with the codes every operation gives for it) or a code of its own. */
export type ProblemEntry = number | ErrorCode;

/**
 * OpenAPI response entries for error statuses, all with the Problem schema as problem+json. Each
 * lists its codes in the description and in the media type's `x-error-codes` (the OpenAPI plugin
 * narrows `code` to them), with an example problem per code. 500 and 503 are always listed.
 */
export function problemResponses(...entries: ProblemEntry[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const entry of [...entries, 500, 503]) {
    const status = typeof entry === 'number' ? entry : ERROR_CODES[entry].status;
    const codes = typeof entry === 'number' ? (STATUS_CODES[entry] ?? []) : [entry];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), ...codes])]);
  }
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, codes]) => [status, problemResponse(status, codes)]),
  );
}

function problemResponse(status: number, codes: ErrorCode[]) {
  if (codes.length === 0) throw new Error(`No error code documented for status ${status}: list the route's codes`);
  return {
    description: `${STATUS_TEXT[status] ?? 'Error'}. Codes: ${codes.map((code) => `\`${code}\``).join(', ')}`,
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: ProblemSchema,
        'x-error-codes': codes,
        examples: Object.fromEntries(
          codes.map((code) => [code, { summary: ERROR_CODES[code].description, value: problemExample(code) }]),
        ),
      },
    },
  };
}

import { z } from 'zod';
import { ArticleStatusSchema, IdSchema, InstantSchema } from './zod-atoms.js';

/** The `ETag` format of every article: a strong validator made of its version, `"v<version>"`. */
export const ETAG_PATTERN = '^"v[1-9][0-9]*"$';
/** Delivery responses: the article's version ETag for the JSON article, a weak hash of the body otherwise. */
export const DELIVERY_ETAG_PATTERN = '^("v[1-9][0-9]*"|W/"[^"]+")$';
export const EtagSchema = z
  .string()
  .regex(new RegExp(ETAG_PATTERN))
  .meta({ description: 'Strong ETag `"v<version>"`', example: '"v3"' });

export const FieldErrorSchema = z
  .object({
    path: z
      .string()
      .meta({ description: 'Dotted path of the offending field, e.g. `captions.0.text`', example: 'headline' }),
    message: z.string().meta({ example: 'is required' }),
  })
  .meta({ id: 'FieldError' });

/** Every extension member a problem document can carry beyond the RFC 9457 ones. */
export const PROBLEM_MEMBERS = {
  errors: z.array(FieldErrorSchema).meta({ description: 'Each offending field, parameter or header' }),
  currentVersion: z
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .meta({ description: 'The article’s current version', example: 4 }),
  currentEtag: EtagSchema.meta({ description: 'The article’s current ETag', example: '"v4"' }),
  currentStatus: ArticleStatusSchema,
  slug: z.string().meta({ description: 'The slug asked for', example: 'talks-end-without-a-deal' }),
  articleId: IdSchema.meta({ description: 'The story concerned' }),
  articleIds: z.array(IdSchema).meta({ description: 'The stories concerned' }),
  articleCount: z
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .meta({ description: 'How many stories credit the contributor', example: 3 }),
  contributorIds: z.array(IdSchema).meta({ description: 'The contributors concerned' }),
  subjectId: IdSchema.meta({ description: 'The subject concerned' }),
  subjectIds: z.array(z.string()).meta({ description: 'The subjects concerned, as sent' }),
  captionIds: z.array(IdSchema).meta({ description: 'The article’s caption ids, in their current order' }),
  reason: z
    .string()
    .meta({ description: 'Why the story file cannot be read', example: 'no body text after the headline' }),
  notice: z.string().meta({
    description: 'What the newsroom tells readers of a story taken down',
    example: 'This story has been removed for legal reasons.',
  }),
  publishAt: InstantSchema.meta({ description: 'When the story is scheduled to go live' }),
  unpublishAt: InstantSchema.meta({ description: 'When the story is due to come down' }),
  available: z.array(z.string()).meta({
    description: 'The formats the resource has, as `name (media type)`',
    example: ['json (application/json)', 'ninjs (application/ninjs+json)'],
  }),
} as const;
export type ProblemMember = keyof typeof PROBLEM_MEMBERS;

interface CodeSpec {
  status: number;
  title: string;
  /** When the API answers with this code; shown in the README table and the OpenAPI document. */
  description: string;
  /** Extension members this code always carries. */
  members?: readonly ProblemMember[];
  /** Extension members this code carries when they apply. */
  optional?: readonly ProblemMember[];
  /** A `detail` for examples in the OpenAPI document. */
  example: string;
}

/**
 * The one catalogue of error codes: every problem the API sends has one of these, with this
 * status and title. `lib/errors.ts` builds its errors from it, the OpenAPI `Problem.code` enum and
 * the README's table list exactly these.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'Invalid request',
    members: ['errors'],
    description:
      'A field, query parameter, path parameter or header is invalid, unknown or read-only: each is named in `errors`',
    example: 'headline: is required',
  },
  MALFORMED_JSON: {
    status: 400,
    title: 'Malformed JSON',
    description: 'The body is not valid JSON',
    example: 'Unexpected end of JSON input',
  },
  INVALID_CONTENT_LENGTH: {
    status: 400,
    title: 'Invalid request',
    description: 'Content-Length does not match the body',
    example: 'Request body size did not match Content-Length',
  },
  BAD_REQUEST: {
    status: 400,
    title: 'Invalid request',
    description: 'The request cannot be read at all',
    example: 'Malformed request',
  },
  BAD_URL: {
    status: 400,
    title: 'Invalid request',
    description: 'The URL’s percent-encoding is malformed',
    example: 'The URL is malformed: check its percent-encoding.',
  },
  UNAUTHORIZED: {
    status: 401,
    title: 'Authentication required',
    description: 'No API key where one is needed, or the key is malformed, unknown or revoked',
    example: 'Send an API key as "Authorization: Bearer <key>".',
  },
  FORBIDDEN: {
    status: 403,
    title: 'Not allowed',
    description: 'The API key’s role does not allow this',
    example: 'This needs the editor role; the key presented is a reader key.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    description: 'No such resource, or one the caller may not see',
    example: 'No article 019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    title: 'Not found',
    description: 'No such URL or method',
    example: 'No route GET /v1/stories',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    title: 'Not acceptable',
    members: ['available'],
    description: 'Neither `?format=` nor `Accept` names a format the resource has: `available` lists them',
    example: 'There is no format "xml": ask for one of json, ninjs, jsonld.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request timeout',
    description: 'The request did not arrive within the server’s request timeout',
    example: 'The request did not arrive in time.',
  },
  SLUG_TAKEN: {
    status: 409,
    title: 'Conflict',
    members: ['slug'],
    description:
      'The slug asked for belongs, or once belonged, to another story (or, for a contributor, another contributor)',
    example: 'The slug "talks-end-without-a-deal" is taken by another story',
  },
  WRITE_CONFLICT: {
    status: 409,
    title: 'Conflict',
    description: 'Another write changed the same rows at the same moment: retry',
    example: 'A conflicting story was written at the same time',
  },
  ALREADY_LINKED: {
    status: 409,
    title: 'Conflict',
    members: ['articleId'],
    description: 'The article already links to that story',
    example: 'Article 019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10 already links to 019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e',
  },
  INVALID_TRANSITION: {
    status: 409,
    title: 'Conflict',
    members: ['currentStatus'],
    description: 'The publishing workflow does not allow this move from the story’s current status',
    example: 'Cannot archive this article: it is archived.',
  },
  ARTICLE_KILLED: {
    status: 409,
    title: 'Conflict',
    members: ['currentStatus'],
    description:
      'The story was killed: nothing changes it (edit, publish, schedule, restore, trash) until an admin unkills it',
    example: 'The story was killed: an admin must unkill it before it can change.',
  },
  NEVER_PUBLISHED: {
    status: 409,
    title: 'Conflict',
    members: ['currentStatus'],
    description: 'Only a story that has been published can carry a correction',
    example: 'Only a story that has been published can carry a correction: edit the draft instead.',
  },
  IMPORTED_STORY_IN_TRASH: {
    status: 409,
    title: 'Conflict',
    members: ['articleId'],
    description: 'The story was imported before and that article is in the trash',
    example:
      'This story was imported before as article 019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10, which is in the trash: restore it instead.',
  },
  CONTRIBUTOR_IN_USE: {
    status: 409,
    title: 'Conflict',
    members: ['articleCount'],
    description:
      'Stories still credit the contributor: remove the credits, or delete with `?force=true` (admin) to keep them as plain-text bylines',
    example: '3 stories credit this contributor: remove the credits first, or delete with ?force=true as an admin.',
  },
  SUBJECT_TAKEN: {
    status: 409,
    title: 'Conflict',
    members: ['subjectId'],
    description: 'The scheme already has a subject with that code or slug: `subjectId` names it',
    example: 'The scheme iptc-mediatopic already has a subject with the code medtop:11000000',
  },
  SUBJECT_IN_USE: {
    status: 409,
    title: 'Conflict',
    description: 'Stories are filed under the subject, or narrower subjects sit under it: move them first',
    example: 'The subject has 2 narrower subjects and 5 stories filed under it: move them first.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'Conflict',
    description: 'A request with the same Idempotency-Key is still being processed',
    example: 'A request with this Idempotency-Key is still being processed',
  },
  DELIVERY_IN_PROGRESS: {
    status: 409,
    title: 'Conflict',
    description: 'The webhook delivery is being sent right now: read it again in a moment',
    example: 'The delivery is being sent right now; its outcome will show in a moment.',
  },
  ARTICLE_GONE: {
    status: 410,
    title: 'Gone',
    members: ['articleId'],
    optional: ['notice'],
    description:
      'The story was killed and is gone for good under its id and every slug it had; `notice` is the newsroom’s public word on it',
    example: 'This story has been removed.',
  },
  STALE_ETAG: {
    status: 412,
    title: 'Precondition failed',
    members: ['currentVersion', 'currentEtag'],
    description:
      'The If-Match ETag is not the article’s (or contributor’s) current one: re-read it and apply the change again',
    example:
      'The article has changed since you read it: it is now at version 4. Re-read it and apply your change again.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Payload too large',
    description: 'The body is larger than `BODY_LIMIT_BYTES`',
    example: 'Request body is too large',
  },
  URI_TOO_LONG: {
    status: 414,
    title: 'URI too long',
    description: 'A path segment is longer than 1000 characters',
    example: 'A path segment is longer than 1000 characters.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    description: 'The body’s Content-Type is not one the operation takes',
    example: 'Send the body as application/json (Content-Type was text/html)',
  },
  SELF_LINK: {
    status: 422,
    title: 'Unprocessable request',
    members: ['articleId'],
    description: 'An article cannot be related to itself',
    example: 'An article cannot be related to itself',
  },
  DUPLICATE_LINK: {
    status: 422,
    title: 'Unprocessable request',
    members: ['articleIds'],
    description: 'The same story is listed twice among the related links',
    example: 'Related articles are listed twice: 019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e',
  },
  UNKNOWN_ARTICLE: {
    status: 422,
    title: 'Unprocessable request',
    members: ['articleIds'],
    description: 'A related link names stories that do not exist',
    example: 'No such articles to relate: 019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e',
  },
  UNKNOWN_SUBJECT: {
    status: 422,
    title: 'Unprocessable request',
    members: ['subjectIds'],
    optional: ['errors'],
    description:
      'Subjects named (by id, or as `scheme:code`) do not exist; for a story’s `subjects`, `errors` names each entry',
    example: 'No such subjects: 019a4b4f-0c1d-7aa2-8b3e-5f6a7b8c9d0e',
  },
  DUPLICATE_SUBJECT: {
    status: 422,
    title: 'Unprocessable request',
    members: ['subjectIds', 'errors'],
    description: 'A story’s `subjects` lists the same subject twice: `errors` names each repeat',
    example: 'Subjects are listed twice: 01a24dcc-d800-7000-8000-000000000011',
  },
  UNKNOWN_CONTRIBUTOR: {
    status: 422,
    title: 'Unprocessable request',
    members: ['contributorIds', 'errors'],
    description: 'A story’s `authors` credits contributors that do not exist: `errors` names each entry',
    example: 'No such contributors: 019a4b60-7a1b-7c2d-8e3f-4a5b6c7d8e9f',
  },
  DUPLICATE_CREDIT: {
    status: 422,
    title: 'Unprocessable request',
    members: ['contributorIds', 'errors'],
    description: 'A story’s `authors` credits the same contributor twice with one role: `errors` names each repeat',
    example: 'The same contributor is credited twice with one role: 019a4b60-7a1b-7c2d-8e3f-4a5b6c7d8e9f',
  },
  SUBJECT_CYCLE: {
    status: 422,
    title: 'Unprocessable request',
    members: ['subjectIds'],
    description: 'The broader subject is the subject itself or lies under it: `subjectIds` is the loop it would make',
    example: 'medtop:11000000 cannot sit under medtop:20000574, which is under it',
  },
  NOT_A_PERMUTATION: {
    status: 422,
    title: 'Unprocessable request',
    members: ['captionIds'],
    description: 'A caption order must list every caption of the article exactly once',
    example: 'captionIds must list every caption of the article exactly once',
  },
  UNPUBLISH_BEFORE_PUBLISH: {
    status: 422,
    title: 'Unprocessable request',
    optional: ['publishAt', 'unpublishAt'],
    description:
      'A scheduled unpublish would come before the story goes live (the other instant is in `publishAt` or `unpublishAt`)',
    example: 'The story goes live at 2026-03-16T06:00:00.000Z: unpublish it after then',
  },
  NO_EARLIER_VERSION: {
    status: 422,
    title: 'Unprocessable request',
    description: 'Version 1 has nothing before it to compare with: pass `against`',
    example: 'Version 1 has no earlier version: pass `against`',
  },
  UNKNOWN_VERSION: {
    status: 422,
    title: 'Unprocessable request',
    members: ['errors', 'currentVersion'],
    description: 'The story has no such version to pin a preview link to: `currentVersion` is its latest',
    example: 'version: the article has no version 9 (its latest is 4)',
  },
  UNPARSABLE_STORY: {
    status: 422,
    title: 'Unprocessable request',
    members: ['reason'],
    description: 'The story file cannot be read as the archive format',
    example: 'The story cannot be imported: no body text after the headline',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Unprocessable request',
    description: 'The Idempotency-Key was used before with a different request',
    example: 'This Idempotency-Key was used with a different request body',
  },
  WEBHOOK_TARGET_REFUSED: {
    status: 422,
    title: 'Unprocessable request',
    description:
      'The webhook URL is, or resolves to, a loopback, private, link-local or otherwise non-public address, or does not resolve',
    example: 'Webhook targets must be public addresses: 10.0.0.7 is not a public address.',
  },
  IF_MATCH_REQUIRED: {
    status: 428,
    title: 'Precondition required',
    description: 'A write to an existing article needs If-Match with its ETag',
    example: 'This write needs an If-Match header carrying the ETag of the article you last read.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    description: 'Over `RATE_LIMIT_MAX` requests in the window: retry after `Retry-After` seconds',
    example: 'Rate limit of 600 requests per 1 minute exceeded; retry in 42 s.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'Request header fields too large',
    description: 'The request headers are larger than 16 KB in all',
    example: 'The request headers exceed 16 KB in all.',
  },
  INTERNAL: {
    status: 500,
    title: 'Internal server error',
    description: 'A fault on the server; logged under the problem’s `instance`',
    example: 'The server failed to handle this request; it has been logged under this instance id.',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    description: 'The database cannot be reached for now: retry after `Retry-After` seconds',
    example: 'The database is not answering; retry in 5 s.',
  },
  SHUTTING_DOWN: {
    status: 503,
    title: 'Service unavailable',
    description:
      'This instance is shutting down (SIGTERM): send the request again, it reaches another instance or the restarted one',
    example: 'This server is shutting down; send the request again.',
  },
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
type Spec<C extends ErrorCode> = (typeof ERROR_CODES)[C];

/** The codes answered with HTTP status S. */
export type CodeOfStatus<S extends number> = { [C in ErrorCode]: Spec<C>['status'] extends S ? C : never }[ErrorCode];

type Listed<C extends ErrorCode, K extends 'members' | 'optional'> =
  Spec<C> extends { [P in K]: readonly (infer M)[] } ? M & ProblemMember : never;
type MemberValues<M extends ProblemMember> = { [P in M]: z.input<(typeof PROBLEM_MEMBERS)[P]> };

/** The extension members of a code, typed: the always-present ones required. */
export type ExtensionsOf<C extends ErrorCode> = MemberValues<Listed<C, 'members'>> &
  Partial<MemberValues<Listed<C, 'optional'>>>;

/** Constructor arguments after `detail`: none for a code without members, the members otherwise. */
export type ExtensionArgs<C extends ErrorCode> = [Listed<C, 'members'> | Listed<C, 'optional'>] extends [never]
  ? []
  : [ExtensionsOf<C>];

export const errorCodeSpec = (code: ErrorCode): CodeSpec => ERROR_CODES[code];

/** The codes a status can carry, in catalogue order. */
export const codesOfStatus = (status: number): ErrorCode[] =>
  ERROR_CODE_NAMES.filter((code) => ERROR_CODES[code].status === status);

export const ErrorCodeSchema = z.enum(ERROR_CODE_NAMES).meta({
  id: 'ErrorCode',
  description: 'Stable machine-readable error code; the README lists each with its status and members',
  example: 'VALIDATION_FAILED',
});

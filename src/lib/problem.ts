import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const FieldErrorSchema = z
  .object({
    path: z.string().meta({ description: 'Dotted path of the offending field, e.g. `captions.0.text`', example: 'headline' }),
    message: z.string().meta({ example: 'is required' }),
  })
  .meta({ id: 'FieldError' });

/** RFC 9457 problem details: the one error shape of the whole API. */
export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({ example: 'urn:newsroom-cms:problem:validation-failed' }),
    title: z.string().meta({ example: 'Invalid request' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().meta({ example: 'headline: is required' }),
    instance: z.string().meta({ description: 'The request id, also logged by the server', example: 'urn:uuid:019a4b4e-6a4e-7c3b-9f59-1b8e3f2c2d10' }),
    code: z.string().meta({ description: 'Stable machine-readable error code', example: 'VALIDATION_FAILED' }),
    errors: z.array(FieldErrorSchema).optional().meta({ description: 'For 400: each offending field' }),
    currentVersion: z.number().int().optional().meta({ description: 'For 412: the article’s current version' }),
    currentEtag: z.string().optional().meta({ description: 'For 412: the article’s current ETag' }),
    currentStatus: z.string().optional().meta({ description: 'For 409 INVALID_TRANSITION: the article’s current status' }),
    available: z.array(z.string()).optional().meta({ description: 'For 406: the formats and media types this resource has' }),
  })
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 problem details' });

export type Problem = z.infer<typeof ProblemSchema>;

export const problemType = (code: string): string => `urn:newsroom-cms:problem:${code.toLowerCase().replaceAll('_', '-')}`;

const STATUS_TEXT: Record<number, string> = {
  304: 'Not modified',
  400: 'Invalid request: each offending field is named in `errors`',
  401: 'No or unknown API key',
  403: 'The API key’s role does not allow this',
  404: 'Not found',
  406: 'None of the formats asked for (Accept or `format`) is available; the problem lists those that are',
  409: 'Conflicts with the current state',
  412: 'The If-Match ETag is stale; the problem carries the current version and ETag',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Well-formed but not acceptable',
  428: 'If-Match header required',
  429: 'Too many requests; retry after the Retry-After header',
};

/** OpenAPI response entries for error statuses, all with the Problem schema as problem+json. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: STATUS_TEXT[status] ?? 'Error', content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } },
    ]),
  );
}

import { codesOfStatus, type ErrorCode } from '../lib/error-codes.js';
import { PROBLEM_CONTENT_TYPE } from '../lib/problem.js';

export interface JsonObjectSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}
type Media = { schema?: unknown; examples?: unknown; 'x-error-codes'?: ErrorCode[] };
type Response = { content?: Record<string, Media> };
export interface RouteSchema {
  response?: Record<string, Response | undefined>;
}

/**
 * The validator leaves If-Match optional so that a write without it is a 428 (with a problem
 * saying what to send) rather than a 400; to a client it is required all the same, since a write
 * without it never succeeds. So the document says required, and generated SDKs insist on it.
 */
export function requireIfMatch(headers: JsonObjectSchema | undefined): void {
  if (!headers?.properties?.['if-match']) return;
  headers.required = [...new Set([...(headers.required ?? []), 'if-match'])];
}

/**
 * Carries the codes and examples that problemResponses() declared on a route's error response into
 * the document (the zod transform keeps only the schema), and narrows `code` to the codes listed
 * when they are fewer than the status has, so generated SDKs type `error.code` per operation.
 */
export function documentErrorCodes(status: number, response: Response, declared: Response | undefined): void {
  const media = declared?.content?.[PROBLEM_CONTENT_TYPE];
  const out = response.content?.[PROBLEM_CONTENT_TYPE];
  const codes = media?.['x-error-codes'];
  if (!media || !out || !codes) return;
  out['x-error-codes'] = codes;
  out.examples = media.examples;
  if (codes.length < codesOfStatus(status).length) {
    out.schema = { allOf: [out.schema, { type: 'object', properties: { code: { type: 'string', enum: codes } } }] };
  }
}

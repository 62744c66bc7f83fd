import { type CodeOfStatus, ERROR_CODES, type ErrorCode, type ExtensionArgs } from './error-codes.js';

/** Domain errors with codes from lib/error-codes.ts; plugins/errors.ts is the one place that turns them into HTTP. */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly title: string;
  /** Extra members of the problem document, e.g. the current version on a 412. */
  readonly extensions: Record<string, unknown> = {};
  readonly headers: Record<string, string> = {};

  constructor(
    readonly code: C,
    detail: string,
    ...[extensions]: ExtensionArgs<C>
  ) {
    super(detail);
    this.name = new.target.name;
    this.status = ERROR_CODES[code].status;
    this.title = ERROR_CODES[code].title;
    if (extensions) Object.assign(this.extensions, extensions);
  }
}

export class ValidationError extends AppError<'VALIDATION_FAILED'> {
  constructor(
    readonly errors: FieldError[],
    detail = describeFieldErrors(errors),
  ) {
    super('VALIDATION_FAILED', detail, { errors });
  }
}

export class UnauthorizedError extends AppError<'UNAUTHORIZED'> {
  /** `invalidToken`: a key was sent but is malformed, unknown or revoked (RFC 6750 `invalid_token`). */
  constructor(detail = 'Send an API key as "Authorization: Bearer <key>".', invalidToken = false) {
    super('UNAUTHORIZED', detail);
    this.headers['www-authenticate'] = invalidToken
      ? 'Bearer realm="cms", error="invalid_token"'
      : 'Bearer realm="cms"';
  }
}

export class ForbiddenError extends AppError<'FORBIDDEN'> {
  constructor(detail: string) {
    super('FORBIDDEN', detail);
  }
}

export class TooManyRequestsError extends AppError<'RATE_LIMITED'> {
  constructor(detail: string) {
    super('RATE_LIMITED', detail);
  }
}

export class NotFoundError extends AppError<'NOT_FOUND'> {
  constructor(detail: string) {
    super('NOT_FOUND', detail);
  }
}

export class NotAcceptableError extends AppError<'NOT_ACCEPTABLE'> {
  constructor(detail: string, available: string[]) {
    super('NOT_ACCEPTABLE', detail, { available });
  }
}

/** No route for this method and path: answered before the body is read. */
export class RouteNotFoundError extends AppError<'ROUTE_NOT_FOUND'> {
  constructor(method: string, url: string) {
    super('ROUTE_NOT_FOUND', `No route ${method} ${url.split('?')[0]?.slice(0, 200)}`);
  }
}

/** A 409: the request conflicts with the current state; the code says how. */
export class ConflictError<C extends CodeOfStatus<409>> extends AppError<C> {
  constructor(detail: string, code: C, ...extensions: ExtensionArgs<C>) {
    super(code, detail, ...extensions);
  }
}

export class PreconditionFailedError extends AppError<'STALE_ETAG'> {
  /** `what`: the resource the ETag is of, for the detail (an article unless said otherwise). */
  constructor(currentVersion: number, currentEtag: string, what = 'article') {
    super(
      'STALE_ETAG',
      `The ${what} has changed since you read it: it is now at version ${currentVersion}. Re-read it and apply your change again.`,
      { currentVersion, currentEtag },
    );
    this.headers.etag = currentEtag;
  }
}

export class PreconditionRequiredError extends AppError<'IF_MATCH_REQUIRED'> {
  constructor(detail = 'This write needs an If-Match header carrying the ETag of the article you last read.') {
    super('IF_MATCH_REQUIRED', detail);
  }
}

/** A 422: well-formed but not acceptable; the code says why. */
export class UnprocessableError<C extends CodeOfStatus<422>> extends AppError<C> {
  constructor(detail: string, code: C, ...extensions: ExtensionArgs<C>) {
    super(code, detail, ...extensions);
  }
}

/** This instance is shutting down: in-flight requests finish, a new one is sent elsewhere. */
export class ShuttingDownError extends AppError<'SHUTTING_DOWN'> {
  constructor() {
    super('SHUTTING_DOWN', 'This server is shutting down; send the request again.');
    this.headers['retry-after'] = '1';
  }
}

function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

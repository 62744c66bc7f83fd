/** Domain errors with stable codes; plugins/errors.ts is the one place that turns them into HTTP. */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;
  /** Extra members of the problem document, e.g. the current version on a 412. */
  readonly extensions: Record<string, unknown> = {};
  readonly headers: Record<string, string> = {};

  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'VALIDATION_FAILED';
  readonly title = 'Invalid request';
  constructor(readonly errors: FieldError[], detail = describeFieldErrors(errors)) {
    super(detail);
    this.extensions.errors = errors;
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'UNAUTHORIZED';
  readonly title = 'Authentication required';
  /** `invalidToken`: a key was sent but is malformed, unknown or revoked (RFC 6750 `invalid_token`). */
  constructor(detail = 'Send an API key as "Authorization: Bearer <key>".', invalidToken = false) {
    super(detail);
    this.headers['www-authenticate'] = invalidToken ? 'Bearer realm="cms", error="invalid_token"' : 'Bearer realm="cms"';
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
  readonly title = 'Not allowed';
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'RATE_LIMITED';
  readonly title = 'Too many requests';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
  readonly title = 'Not found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string;
  readonly title = 'Conflict';
  constructor(detail: string, code = 'CONFLICT', extensions: Record<string, unknown> = {}) {
    super(detail);
    this.code = code;
    Object.assign(this.extensions, extensions);
  }
}

export class PreconditionFailedError extends AppError {
  readonly status = 412;
  readonly code = 'STALE_ETAG';
  readonly title = 'Precondition failed';
  constructor(currentVersion: number, currentEtag: string) {
    super(`The article has changed since you read it: it is now at version ${currentVersion}. Re-read it and apply your change again.`);
    this.extensions.currentVersion = currentVersion;
    this.extensions.currentEtag = currentEtag;
    this.headers.etag = currentEtag;
  }
}

export class PreconditionRequiredError extends AppError {
  readonly status = 428;
  readonly code = 'IF_MATCH_REQUIRED';
  readonly title = 'Precondition required';
  constructor(detail = 'This write needs an If-Match header carrying the ETag of the article you last read.') {
    super(detail);
  }
}

export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly code: string;
  readonly title = 'Unprocessable request';
  constructor(detail: string, code = 'UNPROCESSABLE', extensions: Record<string, unknown> = {}) {
    super(detail);
    this.code = code;
    Object.assign(this.extensions, extensions);
  }
}

/** The database does not answer (down, restarting, unreachable): the request may be retried. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'SERVICE_UNAVAILABLE';
  readonly title = 'Service unavailable';
  constructor(detail = 'The database is not available right now; retry shortly.', retryAfterSeconds = 2) {
    super(detail);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

/**
 * What a database error means, on either dialect. Prisma reports a unique violation as P2002 from
 * a model call but as P2010 ("raw query failed") from $executeRaw, carrying the driver's code
 * (Postgres 23505, SQLITE_CONSTRAINT_UNIQUE): both are the same event for the application.
 */
interface DriverCause {
  originalCode?: string;
  kind?: string;
  severity?: string;
  table?: string;
  constraint?: { fields?: string[]; index?: string };
}

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

function driverCause(error: unknown): DriverCause | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const meta = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } }).meta;
  return meta?.driverAdapterError?.cause ?? (error as { cause?: DriverCause }).cause;
}

const UNIQUE_DRIVER_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  if (code === 'P2002') return true;
  const cause = driverCause(error);
  return cause?.kind === 'UniqueConstraintViolation' || UNIQUE_DRIVER_CODES.has(String(cause?.originalCode ?? code));
}

const FOREIGN_KEY_DRIVER_CODES = new Set(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']);

/**
 * A row named by a foreign key was deleted meanwhile, or a deleted row is still named (P2003, or
 * the driver's code from a raw statement): on Postgres, a write that checked a row before another
 * transaction's delete of it committed.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const cause = driverCause(error);
  // The driver's own code first: the SQLite adapter also calls a trigger's RAISE(ABORT) (a real
  // failure, SQLITE_CONSTRAINT_TRIGGER) P2003, a foreign-key violation.
  if (cause?.originalCode !== undefined) return FOREIGN_KEY_DRIVER_CODES.has(String(cause.originalCode));
  return codeOf(error) === 'P2003' || cause?.kind === 'ForeignKeyConstraintViolation';
}

/**
 * A unique violation of `table`.`column`: SQLite names the columns, Postgres the index
 * (`<table>_<column>_key`, as the migrations name them).
 */
export function violatesUnique(error: unknown, table: string, column: string): boolean {
  if (!isUniqueViolation(error)) return false;
  const cause = driverCause(error);
  if (cause?.constraint?.index) return cause.constraint.index === `${table}_${column}_key`;
  return cause?.table === table && (cause.constraint?.fields ?? []).includes(column);
}

/**
 * A write that lost to another connection and may simply be run again: SQLite busy (P1008, or the
 * driver's SQLITE_BUSY), a Postgres serialisation failure or deadlock (P2034, 40001, 40P01).
 */
const CONTENTION_CODES = new Set(['P1008', 'P2034', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', '40001', '40P01']);

export function isContention(error: unknown): boolean {
  // A raw query (P2010) names the driver's code in meta.code.
  const rawCode = (error as { meta?: { code?: unknown } } | null)?.meta?.code;
  return [codeOf(error), rawCode, driverCause(error)?.originalCode].some(
    (code) => typeof code === 'string' && CONTENTION_CODES.has(code),
  );
}

/** Prisma: database unreachable (P1001, P1002), connection closed (P1017), no pooled connection in time (P2024), SQLite locked past its busy timeout (P1008). */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'P1008']);
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
/** Postgres connection exceptions (class 08), shutdowns and start-ups (57P01-57P03), too many connections (53300). */
const UNAVAILABLE_SQLSTATE = /^(?:08...|57P0[1-3]|53300)$/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The database cannot be reached or is not answering for now (a lost or refused Postgres
 * connection, a terminated backend, SQLite locked by another process): the request may simply be
 * sent again in a moment, which is what a 503 with Retry-After tells the client. A FATAL error from
 * Postgres ends the session, so it is one of these too.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = String(codeOf(error));
  if (UNAVAILABLE_CODES.has(code) || SOCKET_CODES.has(code)) return true;
  if (isPgUnavailable(error)) return true;
  const cause = driverCause(error);
  if (!cause) return false;
  const sqlState = String(cause.originalCode ?? '');
  return (
    UNAVAILABLE_KINDS.has(cause.kind ?? '') ||
    cause.severity === 'FATAL' ||
    UNAVAILABLE_SQLSTATE.test(sqlState) ||
    SOCKET_CODES.has(sqlState)
  );
}

/** pg's own messages when it has no connection to give (the raw read connection meets them unwrapped). */
const PG_UNAVAILABLE_MESSAGES =
  /^(?:Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** An error straight from pg (the raw reads), not wrapped by Prisma: its SQLSTATE and severity are its own. */
function isPgUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { severity, code } = error as { severity?: unknown; code?: unknown };
  return (
    severity === 'FATAL' ||
    (typeof code === 'string' && UNAVAILABLE_SQLSTATE.test(code)) ||
    PG_UNAVAILABLE_MESSAGES.test(error.message)
  );
}

/**
 * Storage faults the client cannot fix but may retry: a full disk, a read-only database, a lost or restarting
 * PostgreSQL, a statement over its time limit. They answer 503 with Retry-After (never 500) and flip /ready until
 * the storage works again. Classification is by the drivers' error codes (pure).
 */

export class StorageUnavailableError extends Error {
  readonly code = 'storage_unavailable';
  constructor(message: string, readonly retryAfterS = 5, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** SQLite result codes (better-sqlite3 `err.code`, extended codes included by prefix) that mean "retry later". */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM|PROTOCOL)/;

/** PostgreSQL SQLSTATE classes and codes, and socket errors, that mean the server or the connection is unavailable. */
const PG_UNAVAILABLE_CLASSES = ['08', '53', '57P', '58'];
const PG_UNAVAILABLE_CODES = new Set(['57014', '25006', '40001', '40P01', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const PG_LOST = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|terminating connection/i;

export function isSqliteUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLITE_UNAVAILABLE.test(code);
}

export function isPgUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (PG_UNAVAILABLE_CODES.has(code) || PG_UNAVAILABLE_CLASSES.some((c) => code.startsWith(c))) return true;
  return typeof e?.message === 'string' && PG_LOST.test(e.message);
}

/** Wraps a driver error in a StorageUnavailableError when it is one; other errors unchanged. */
export function asUnavailable(err: unknown, isUnavailable: (err: unknown) => boolean): unknown {
  if (err instanceof StorageUnavailableError || !isUnavailable(err)) return err;
  const message = (err as Error).message ?? String(err);
  return new StorageUnavailableError(`storage unavailable: ${message}`, 5, { cause: err });
}

/** The status and error message of a tracked call, from how it ended: pure functions. */
import type { EventStatus } from '@llmobserve/shared';
import { errorMessage } from '../log.js';
import type { EndKind } from './forwarding.js';

function isAbort(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return !!e && (e.name === 'AbortError' || e.code === 'UND_ERR_ABORTED' || e.code === 'ABORT_ERR' || e.code === 20);
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

function isTimeout(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return !!e && (e.name === 'TimeoutError' || (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code)));
}

function statusFromHttp(code: number): EventStatus {
  if (code === 429) return 'rate_limited';
  if (code === 408 || code === 504) return 'timeout';
  if (code >= 400) return 'error';
  return 'ok';
}

export interface CallEnd {
  kind: EndKind;
  /** the error the call ended with (kind `error`) */
  err: unknown;
  elapsedMs: number;
  /** the client's own timeout: an abort after (nearly) that long is a timeout, else a cancel */
  clientTimeoutMs: number | null;
  statusCode: number;
  /** a successful answer whose body could not be read */
  bodyUnreadable: boolean;
  /** the message of an error answer's body */
  bodyError: string | null;
  /** an error a successful body reported (a failed response, an SSE error event) */
  summaryError: string | null;
}

export function callStatus(c: CallEnd): { status: EventStatus; error: string | null } {
  if (c.kind === 'error') {
    let status: EventStatus;
    if (isAbort(c.err)) status = c.clientTimeoutMs !== null && c.elapsedMs >= c.clientTimeoutMs * 0.98 ? 'timeout' : 'cancelled';
    else if (isTimeout(c.err)) status = 'timeout';
    else status = 'error';
    return { status, error: errorMessage(c.err) };
  }
  if (c.statusCode >= 400) return { status: statusFromHttp(c.statusCode), error: c.bodyError ?? `HTTP ${c.statusCode}` };
  if (c.bodyUnreadable) return { status: 'error', error: 'unreadable response body (not valid JSON)' };
  if (c.summaryError) return { status: 'error', error: c.summaryError };
  return { status: 'ok', error: null };
}

/**
 * The response → outcome policy: what an answer to POST /events means for the batch sent, and the counters it moves.
 *  - 2xx: acknowledged (per-event rejections in the body are counted and logged once per message, not retried);
 *  - 413: the batch is split in two and both halves are sent (a single event too large is dropped, counted refused);
 *  - 408, 429, 5xx (and no answer at all): retried with exponential backoff and jitter, or after the collector's
 *    Retry-After (which even a flush then waits for);
 *  - other 3xx/4xx: refused, logged once per status (401/403 with which key was sent for which tenant), not retried.
 */
import { log } from '../log.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { tenantsOf, type Batch } from './batch.js';
import type { SendResponse } from './sender.js';
import type { TransportStats } from './stats.js';

/** Attempts of a batch before it is dropped (or, with a spool, written to it). */
export const MAX_ATTEMPTS = 8;

/** `honoured`: the delay is the collector's Retry-After. */
export type RetryOutcome = { kind: 'retry'; delayMs: number; honoured: boolean };
export type Outcome = { kind: 'done' } | RetryOutcome | { kind: 'split' };

export function isAcknowledged(status: number): boolean {
  return status >= 200 && status < 300;
}

/** False when the collector answers that it is in trouble (5xx, 408, 429): spool replays then wait for a probe. */
export function isHealthyAnswer(status: number): boolean {
  return status < 500 && status !== 408 && status !== 429;
}

/** No answer (network error, timeout): retried after a backoff. */
export function noAnswerOutcome(batch: Batch): RetryOutcome {
  return { kind: 'retry', delayMs: backoffDelay(batch.attempts + 1), honoured: false };
}

/** The outcome of an answer; counts accepted, duplicate and refused events in `s`, and sets `s.lastError`. */
export function responseOutcome(batch: Batch, res: SendResponse, s: TransportStats, tenantApiKeys: ReadonlyMap<string, string>): Outcome {
  const { status } = res;
  if (isAcknowledged(status)) {
    countAcknowledged(batch, res, s);
    return { kind: 'done' };
  }
  const message = collectorMessage(res.body);
  s.lastError = `HTTP ${status}${message ? `: ${message}` : ''}`;
  if (status === 413) {
    if (batch.events.length > 1) return { kind: 'split' };
    s.rejected += 1;
    log.warnOnce('413', `the collector refused an event as too large (413); dropped`);
    return { kind: 'done' };
  }
  if (status === 408 || status === 429 || status >= 500) {
    const after = parseRetryAfter(res.headers['retry-after']);
    if (after !== null) return { kind: 'retry', delayMs: after, honoured: true };
    return noAnswerOutcome(batch);
  }
  s.rejected += batch.events.length;
  if (status === 401 || status === 403) {
    const hint = authHint(batch, tenantApiKeys);
    s.lastError = `${s.lastError}; ${hint}`;
    log.warnOnce(`status:${status}:${batch.apiKey ?? ''}:${tenantsOf(batch).join(',')}`, `the collector refused ${batch.events.length} event(s) with HTTP ${status}${message ? ` (${message})` : ''}: ${hint}; not retried`);
    return { kind: 'done' };
  }
  const missing = missingKeyHint(batch, tenantApiKeys);
  if (missing) s.lastError = `${s.lastError}; ${missing}`;
  log.warnOnce(
    `status:${status}${missing ? `:${tenantsOf(batch).join(',')}` : ''}`,
    `the collector refused ${batch.events.length} event(s) with HTTP ${status}${message ? ` (${message})` : ''}${missing ? `: ${missing}` : ''}; not retried`,
  );
  return { kind: 'done' };
}

/** A 2xx body `{ accepted, duplicates, rejected: [{ message }] }`; any other body counts the batch as accepted. */
function countAcknowledged(batch: Batch, res: SendResponse, s: TransportStats): void {
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== 'object') {
    s.accepted += batch.events.length;
    log.debug(`collector answered ${res.status} with an unexpected body; counted as accepted`);
    return;
  }
  const b = body as { accepted?: unknown; duplicates?: unknown; rejected?: unknown };
  s.accepted += typeof b.accepted === 'number' ? b.accepted : 0;
  s.duplicates += typeof b.duplicates === 'number' ? b.duplicates : 0;
  if (Array.isArray(b.rejected) && b.rejected.length > 0) {
    s.rejected += b.rejected.length;
    const first = b.rejected[0] as { message?: unknown } | undefined;
    const msg = typeof first?.message === 'string' ? first.message : 'no message';
    s.lastError = `the collector rejected ${b.rejected.length} event(s): ${msg}`;
    log.warnOnce(`rejected:${msg}`, s.lastError);
  }
}

/** With tenantApiKeys: the tenants of the batch that have no key there (the default apiKey was sent), or null. */
function missingKeyHint(batch: Batch, keys: ReadonlyMap<string, string>): string | null {
  if (keys.size === 0) return null;
  const missing = tenantsOf(batch).filter((t) => !keys.has(t));
  if (missing.length === 0) return null;
  return `tenant ${missing.map((t) => JSON.stringify(t)).join(', ')} is not in tenantApiKeys, so the ${batch.apiKey === null ? 'request had no key' : 'default apiKey was sent for it'}`;
}

/** Which key was sent for which tenant(s): a tenant missing from tenantApiKeys is named. */
function authHint(batch: Batch, keys: ReadonlyMap<string, string>): string {
  const missing = missingKeyHint(batch, keys);
  if (missing) return missing;
  const list = tenantsOf(batch).map((t) => JSON.stringify(t)).join(', ');
  if (batch.apiKey === null) return `no API key was sent for tenant ${list} (set apiKey${keys.size > 0 ? ' or tenantApiKeys' : ''})`;
  return `the API key sent for tenant ${list} is not accepted for it (wrong key, revoked, or of another tenant)`;
}

/** The collector's error message, with the first per-event rejection when it lists them (400 "none valid"). */
function collectorMessage(body: string): string | null {
  try {
    const b = JSON.parse(body) as { error?: { message?: unknown }; rejected?: Array<{ message?: unknown }> };
    const m = b?.error?.message;
    const first = Array.isArray(b?.rejected) ? b.rejected[0]?.message : undefined;
    const parts = [typeof m === 'string' ? m : null, typeof first === 'string' ? first : null].filter((x) => x !== null);
    return parts.length > 0 ? parts.join(': ').slice(0, 300) : null;
  } catch {
    return body ? body.slice(0, 120).replace(/\s+/g, ' ') : null;
  }
}

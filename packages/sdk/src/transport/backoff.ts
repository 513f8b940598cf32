/** Retry delays: exponential backoff with jitter, and the collector's `Retry-After` when it gives one. */
export const BASE_DELAY_MS = 250;
export const MAX_DELAY_MS = 30_000;
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Delay before retry number `attempt` (1-based): base * 2^(attempt-1), capped, with "equal jitter" (half fixed,
 * half random) so that many SDK instances do not retry in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** `Retry-After`: delta-seconds or an HTTP date; null when absent or unreadable. Capped at 5 minutes. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  const t = v.trim();
  if (t === '') return null;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(t)) {
    ms = Number(t) * 1000;
  } else {
    const date = Date.parse(t);
    if (Number.isNaN(date)) return null;
    ms = date - now;
  }
  return Math.max(0, Math.min(MAX_RETRY_AFTER_MS, Math.round(ms)));
}

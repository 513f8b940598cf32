/**
 * Retry awareness: the official clients (openai, @anthropic-ai/sdk) retry failed requests themselves and number the
 * attempts in `X-Stainless-Retry-Count` (0, 1, 2, …). Each attempt is recorded as its own call — a retried 429
 * costs nothing, a retried timeout may have cost tokens — and the attempts of one client call share an operation id
 * (`metadata.operation_id`, with `metadata.attempt`), so retry loops are visible and costed.
 *
 * A retry is linked to the latest first attempt to the same endpoint in the same async context (the request or job
 * the call belongs to); outside any context, to the latest one in the process.
 */
import { randomBytes } from 'node:crypto';

export interface Operation {
  id: string;
  attempt: number;
}

const PREFIX = `op_${randomBytes(4).toString('hex')}`;
const MAX_KEYS = 1000;

let counter = 0;
const byContext = new WeakMap<object, Map<string, string>>();

const RETRY_HEADER = 'x-stainless-retry-count';

/** The attempt number a request carries, or null when its client does not number attempts. */
export function retryCount(headers: unknown): number | null {
  let v: unknown;
  if (Array.isArray(headers)) {
    // undici's flat [name, value, name, value, …] form
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i] as unknown;
      // (length first: no lower-cased copy of every other header name per request)
      if ((name as { length?: number } | null)?.length === RETRY_HEADER.length && String(name).toLowerCase() === RETRY_HEADER) v = headers[i + 1];
    }
  } else if (headers !== null && typeof headers === 'object') {
    const h = headers as Record<string, unknown>;
    v = h['x-stainless-retry-count'] ?? h['X-Stainless-Retry-Count'];
  }
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function operationFor(context: object, endpointKey: string, attempt: number | null): Operation {
  let ops = byContext.get(context);
  if (attempt !== null && attempt > 0) {
    const id = ops?.get(endpointKey);
    if (id !== undefined) return { id, attempt };
  }
  const id = `${PREFIX}_${(++counter).toString(36)}`;
  if (attempt !== null) {
    if (!ops) byContext.set(context, (ops = new Map()));
    if (ops.size >= MAX_KEYS) ops.clear();
    ops.set(endpointKey, id);
  }
  return { id, attempt: attempt ?? 0 };
}

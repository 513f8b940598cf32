/**
 * The two purpose-built aggregates the insight detectors need and the hourly/daily rollups do not keep, maintained
 * in the ingest transaction (pure deltas here; the adapters upsert them beside the rollups, for inserted rows only):
 *
 * - insight_minute: per minute and (customer, provider, model, section): calls, errors (429/5xx/timeouts), cost, the
 *   smallest and largest input size — identical repeats (a loop re-sending the same request) show as many calls with
 *   min = max — and, keyed by the SDK's `metadata.operation_id`, the retries of one client call (`attempt` ≥ 1).
 * - insight_daily: per day and (provider, model, section): the token mix (for pricing a cheaper model or a cache
 *   read from the price table) and the long inputs (≥ 1024 tokens, the smallest prompt providers cache) read
 *   without any cached token, with the smallest such input (an upper bound of a prefix they could share).
 *
 * Costs are integer nano-dollars (packages/shared money). Rows are small: the minute table is pruned after 48 hours
 * and the daily one after 35 days by the evaluator.
 */
import { usdToNanos } from '@llmobserve/shared';
import type { StoredEventInput } from '../../domain/event.js';
import type { Column, Merge, Table } from '../columns.js';
import { isCall } from '../rollup.js';

const c = (name: string, merge: Merge): Column => ({ name, kind: name === 'tenant_id' || name.endsWith('_id') || ['provider', 'model', 'section_path'].includes(name) ? 'text' : 'int', nullable: false, field: name, merge });

export const INSIGHT_MINUTE: Table = {
  name: 'insight_minute',
  conflict: ['tenant_id', 'minute', 'customer_id', 'provider', 'model', 'section_path', 'operation_id'],
  columns: [
    c('tenant_id', 'key'), c('minute', 'key'), c('customer_id', 'key'), c('provider', 'key'), c('model', 'key'), c('section_path', 'key'),
    c('operation_id', 'key'), c('calls', 'sum'), c('error_calls', 'sum'), c('cost_nanos', 'sum'), c('min_input', 'min'), c('max_input', 'max'),
    c('first_at', 'min'), c('last_at', 'max'), c('max_attempt', 'max'),
  ],
};

export const INSIGHT_DAILY: Table = {
  name: 'insight_daily',
  conflict: ['tenant_id', 'day', 'provider', 'model', 'section_path'],
  columns: [
    c('tenant_id', 'key'), c('day', 'key'), c('provider', 'key'), c('model', 'key'), c('section_path', 'key'),
    c('calls', 'sum'), c('cost_nanos', 'sum'), c('input_tokens', 'sum'), c('output_tokens', 'sum'), c('cache_read_tokens', 'sum'),
    c('cache_write_tokens', 'sum'), c('long_uncached_calls', 'sum'), c('long_uncached_input_tokens', 'sum'), c('long_uncached_min_input', 'min'),
  ],
};

/** The measures of one insight_minute row, beside its keys (the detectors read them back: insights/series.ts). */
export interface MinuteMeasures {
  calls: number;
  error_calls: number;
  cost_nanos: number;
  min_input: number;
  max_input: number;
  first_at: number;
  last_at: number;
  max_attempt: number;
}

export interface MinuteDelta extends MinuteMeasures {
  tenant_id: string;
  /** start of the minute, epoch seconds */
  minute: number;
  customer_id: string;
  provider: string;
  model: string;
  section_path: string;
  /** '' for the row of all calls; the SDK's operation id for the row of its retries */
  operation_id: string;
}

/** The measures of one insight_daily row, beside its keys (the detectors read and sum them: insights/series.ts). */
export interface DailyMeasures {
  calls: number;
  cost_nanos: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  long_uncached_calls: number;
  long_uncached_input_tokens: number;
  /** the smallest long uncached input; NO_LONG_INPUT (the identity of min) when there was none */
  long_uncached_min_input: number;
}

export interface InsightDailyDelta extends DailyMeasures {
  tenant_id: string;
  day: number;
  provider: string;
  model: string;
  section_path: string;
}

/** The smallest prompt OpenAI and Anthropic (Sonnet, Opus) cache. */
export const LONG_INPUT_TOKENS = 1024;
/** The min of an empty set, so that the rollup's `min` merge needs no special case. */
export const NO_LONG_INPUT = Number.MAX_SAFE_INTEGER;

/** The daily measures of no call. */
export const noDailyMeasures = (): DailyMeasures => ({
  calls: 0, cost_nanos: 0, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0,
  long_uncached_calls: 0, long_uncached_input_tokens: 0, long_uncached_min_input: NO_LONG_INPUT,
});

const DAILY_SUMS = ['calls', 'cost_nanos', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'long_uncached_calls', 'long_uncached_input_tokens'] as const;

/** Adds one row's daily measures into `into`, as INSIGHT_DAILY's merges do (sums, and the min of the smallest long input). */
export function addDailyMeasures(into: DailyMeasures, r: DailyMeasures): void {
  for (const k of DAILY_SUMS) into[k] += r[k];
  into.long_uncached_min_input = Math.min(into.long_uncached_min_input, r.long_uncached_min_input);
}

/**
 * One call's cost in the signals, nano-dollars: at most $1,000 (no LLM call costs more; a fuzzer's or a mis-reported
 * cost must neither overflow a bigint sum nor fail the batch), never negative.
 */
export const signalNanos = (usd: number | null): number => (usd === null || !(usd > 0) ? 0 : usdToNanos(Math.min(usd, 1000)));

const ERROR_STATUSES = new Set(['error', 'rate_limited', 'timeout']);
/** A retry (attempt ≥ 1) in the SDK's metadata; only then is the metadata parsed. */
const RETRY = /"attempt":\s*[1-9]/;

/** The SDK's operation id and attempt of a retried call, or null. */
export function retryOf(metadata: string | null): { operation_id: string; attempt: number } | null {
  if (metadata === null || !RETRY.test(metadata)) return null;
  try {
    const m = JSON.parse(metadata) as { operation_id?: unknown; attempt?: unknown };
    if (typeof m.operation_id !== 'string' || m.operation_id === '' || typeof m.attempt !== 'number' || !Number.isSafeInteger(m.attempt)) return null;
    return { operation_id: m.operation_id.slice(0, 128), attempt: m.attempt };
  } catch {
    return null;
  }
}

const SEP = '\u001f';

export function minuteDeltas(inserted: Iterable<StoredEventInput>): MinuteDelta[] {
  const groups = new Map<string, MinuteDelta>();
  const add = (e: StoredEventInput, minute: number, operation: string, attempt: number) => {
    const customer = e.customer_id ?? '';
    const provider = e.provider ?? '';
    const model = e.model ?? '';
    const section = e.section_path ?? '';
    const key = `${e.tenant_id}${SEP}${minute}${SEP}${customer}${SEP}${provider}${SEP}${model}${SEP}${section}${SEP}${operation}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        tenant_id: e.tenant_id, minute, customer_id: customer, provider, model, section_path: section, operation_id: operation,
        calls: 0, error_calls: 0, cost_nanos: 0, min_input: e.input_tokens, max_input: e.input_tokens,
        first_at: e.started_at, last_at: e.started_at, max_attempt: 0,
      };
      groups.set(key, g);
    }
    g.calls += 1;
    if (ERROR_STATUSES.has(e.status)) g.error_calls += 1;
    g.cost_nanos += signalNanos(e.cost_usd);
    if (e.input_tokens < g.min_input) g.min_input = e.input_tokens;
    if (e.input_tokens > g.max_input) g.max_input = e.input_tokens;
    if (e.started_at < g.first_at) g.first_at = e.started_at;
    if (e.started_at > g.last_at) g.last_at = e.started_at;
    if (attempt > g.max_attempt) g.max_attempt = attempt;
  };
  for (const e of inserted) {
    if (!isCall(e)) continue;
    const minute = Math.floor(e.started_at / 60_000) * 60;
    add(e, minute, '', 0);
    const retry = retryOf(e.metadata);
    if (retry) add(e, minute, retry.operation_id, retry.attempt);
  }
  return [...groups.values()];
}

export function insightDailyDeltas(inserted: Iterable<StoredEventInput>): InsightDailyDelta[] {
  const groups = new Map<string, InsightDailyDelta>();
  for (const e of inserted) {
    if (!isCall(e)) continue;
    const day = Math.floor(e.started_at / 86_400_000) * 86_400;
    const provider = e.provider ?? '';
    const model = e.model ?? '';
    const section = e.section_path ?? '';
    const key = `${e.tenant_id}${SEP}${day}${SEP}${provider}${SEP}${model}${SEP}${section}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        tenant_id: e.tenant_id, day, provider, model, section_path: section, ...noDailyMeasures(),
      };
      groups.set(key, g);
    }
    g.calls += 1;
    g.cost_nanos += signalNanos(e.cost_usd);
    g.input_tokens += e.input_tokens;
    g.output_tokens += e.output_tokens;
    g.cache_read_tokens += e.cache_read_tokens;
    g.cache_write_tokens += e.cache_write_tokens;
    if (e.input_tokens >= LONG_INPUT_TOKENS && e.cache_read_tokens === 0) {
      g.long_uncached_calls += 1;
      g.long_uncached_input_tokens += e.input_tokens;
      if (e.input_tokens < g.long_uncached_min_input) g.long_uncached_min_input = e.input_tokens;
    }
  }
  return [...groups.values()];
}

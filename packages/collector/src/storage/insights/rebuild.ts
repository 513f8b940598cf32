/**
 * The insight signals (signals.ts) from the stored events with SQL: the SELECTs that give the minute rows of all
 * calls and the daily rows of a set of events, used (1) by SQLite's fold of the aggregates (sqlite/fold.ts: the
 * events of one fold, upserted) and (2) to rebuild the signals of a database whose events were loaded without
 * the ingest path (a bulk load, the benchmark). The per-operation retry rows need the SDK's metadata parsed: the fold
 * computes them in JS (minuteDeltas), the rebuild leaves them out. Costs are the stored integer nano-dollars
 * (migration 9), capped per call as signalNanos caps them: the stored value is usdToNanos(cost_usd), and rounding is
 * monotone, so min(usdToNanos(x), 10^12) = usdToNanos(min(x, 1000)). The test comparing them with the JS deltas:
 * test/fold.test.ts (and test/insights-service.test.ts for the rebuild).
 */
import { IS_CALL_SQL } from '../columns.js';
import { LONG_INPUT_TOKENS, NO_LONG_INPUT } from './signals.js';

// as signalNanos: one call counts at most $1,000, never below 0
const NANOS = `COALESCE(SUM(CASE WHEN cost_nanos > 1000000000000 THEN 1000000000000 WHEN cost_nanos > 0 THEN cost_nanos ELSE 0 END), 0)`;
const LONG = `input_tokens >= ${LONG_INPUT_TOKENS} AND cache_read_tokens = 0`;
const count = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
const DAY_KEYS = [`(started_at / 86400000) * 86400`, `COALESCE(provider, '')`, `COALESCE(model, '')`, `COALESCE(section_path, '')`];
const MINUTE_KEYS = [`(started_at / 60000) * 60`, `COALESCE(customer_id, '')`, `COALESCE(provider, '')`, `COALESCE(model, '')`, `COALESCE(section_path, '')`];

/** insight_daily's rows (every column, in table order) of the call events matching `where`. */
export function dailySignalSelect(where: string): string {
  return `SELECT tenant_id, ${DAY_KEYS.join(', ')}, COUNT(*), ${NANOS}, SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens),
  ${count(LONG)}, SUM(CASE WHEN ${LONG} THEN input_tokens ELSE 0 END), COALESCE(MIN(CASE WHEN ${LONG} THEN input_tokens END), ${NO_LONG_INPUT})
FROM trace_events WHERE ${IS_CALL_SQL} AND ${where}
GROUP BY tenant_id, ${DAY_KEYS.join(', ')}`;
}

/** insight_minute's rows of all calls (operation_id ''; every column, in table order) of the call events matching `where`. */
export function minuteSignalSelect(where: string): string {
  return `SELECT tenant_id, ${MINUTE_KEYS.join(', ')}, '', COUNT(*), ${count(`status IN ('error', 'rate_limited', 'timeout')`)}, ${NANOS},
  MIN(input_tokens), MAX(input_tokens), MIN(started_at), MAX(started_at), 0
FROM trace_events WHERE ${IS_CALL_SQL} AND ${where}
GROUP BY tenant_id, ${MINUTE_KEYS.join(', ')}`;
}

/** Every tenant's rows, from `sinceMs` on: run it as a role that sees them all. */
export function rebuildInsightSignalsSql(int: 'INTEGER' | 'bigint', sinceMs: number): string {
  const since = Math.floor(sinceMs);
  return `
DELETE FROM insight_daily WHERE day >= ${Math.floor(since / 86_400_000) * 86_400};
INSERT INTO insight_daily (tenant_id, day, provider, model, section_path, calls, cost_nanos, input_tokens, output_tokens, cache_read_tokens,
  cache_write_tokens, long_uncached_calls, long_uncached_input_tokens, long_uncached_min_input)
${dailySignalSelect(`started_at >= ${Math.floor(since / 86_400_000) * 86_400_000}`)};
DELETE FROM insight_minute WHERE operation_id = '' AND minute >= ${Math.floor(since / 60_000) * 60};
INSERT INTO insight_minute (tenant_id, minute, customer_id, provider, model, section_path, operation_id, calls, error_calls, cost_nanos,
  min_input, max_input, first_at, last_at, max_attempt)
${minuteSignalSelect(`started_at >= ${Math.floor(since / 60_000) * 60_000}`)};
`;
}

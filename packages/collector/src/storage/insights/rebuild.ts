/**
 * Rebuilds the insight signals (signals.ts) from the stored events with SQL: what ingest maintains incrementally, for
 * a database whose events were loaded without the ingest path (a bulk load, the benchmark). The minute rows of all
 * calls only: the per-operation retry rows need the SDK's metadata parsed and are left to ingest. Costs are the stored
 * integer nano-dollars (migration 9), capped per call as ingest caps them. Every tenant's rows, from `sinceMs` on: run it as a role that sees them all.
 */
import { IS_CALL_SQL } from '../columns.js';
import { LONG_INPUT_TOKENS, NO_LONG_INPUT } from './signals.js';

export function rebuildInsightSignalsSql(int: 'INTEGER' | 'bigint', sinceMs: number): string {
  const since = Math.floor(sinceMs);
  // as signalNanos: one call counts at most $1,000, never below 0
  const nanos = `COALESCE(SUM(CASE WHEN cost_nanos > 1000000000000 THEN 1000000000000 WHEN cost_nanos > 0 THEN cost_nanos ELSE 0 END), 0)`;
  const long = `input_tokens >= ${LONG_INPUT_TOKENS} AND cache_read_tokens = 0`;
  const count = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
  const dayKeys = [`(started_at / 86400000) * 86400`, `COALESCE(provider, '')`, `COALESCE(model, '')`, `COALESCE(section_path, '')`];
  const minuteKeys = [`(started_at / 60000) * 60`, `COALESCE(customer_id, '')`, `COALESCE(provider, '')`, `COALESCE(model, '')`, `COALESCE(section_path, '')`];
  return `
DELETE FROM insight_daily WHERE day >= ${Math.floor(since / 86_400_000) * 86_400};
INSERT INTO insight_daily (tenant_id, day, provider, model, section_path, calls, cost_nanos, input_tokens, output_tokens, cache_read_tokens,
  cache_write_tokens, long_uncached_calls, long_uncached_input_tokens, long_uncached_min_input)
SELECT tenant_id, ${dayKeys.join(', ')}, COUNT(*), ${nanos}, SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens),
  ${count(long)}, SUM(CASE WHEN ${long} THEN input_tokens ELSE 0 END), COALESCE(MIN(CASE WHEN ${long} THEN input_tokens END), ${NO_LONG_INPUT})
FROM trace_events WHERE ${IS_CALL_SQL} AND started_at >= ${Math.floor(since / 86_400_000) * 86_400_000}
GROUP BY tenant_id, ${dayKeys.join(', ')};
DELETE FROM insight_minute WHERE operation_id = '' AND minute >= ${Math.floor(since / 60_000) * 60};
INSERT INTO insight_minute (tenant_id, minute, customer_id, provider, model, section_path, operation_id, calls, error_calls, cost_nanos,
  min_input, max_input, first_at, last_at, max_attempt)
SELECT tenant_id, ${minuteKeys.join(', ')}, '', COUNT(*), ${count(`status IN ('error', 'rate_limited', 'timeout')`)}, ${nanos},
  MIN(input_tokens), MAX(input_tokens), MIN(started_at), MAX(started_at), 0
FROM trace_events WHERE ${IS_CALL_SQL} AND started_at >= ${Math.floor(since / 60_000) * 60_000}
GROUP BY tenant_id, ${minuteKeys.join(', ')};
`;
}

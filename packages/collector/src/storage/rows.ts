/**
 * What both storage adapters share: rows as the interface's records (decoded by the column catalogue; keys tolerate
 * each driver's types: SQLite's comma-separated scopes, PostgreSQL's arrays), the summaries' SQL fragments, and the merge of the
 * per-segment aggregates (whole hours from the rollup, partial hours from raw events) into one result.
 */
import { decoder, EVENTS, METRIC_NAMES, rawMetricSql, RUNS, zeroMetrics, type MetricName } from './columns.js';
import type { AggregateRow, ApiKeyRecord, CustomerPage, Dimension, RunSummary, Scope, StoredEvent } from './types.js';

export type Row = Record<string, unknown>;

/** An event row as the stored event (reported_cost_source is not stored; received_at is created_at). */
export const rowToEvent: (r: Row) => StoredEvent = decoder<StoredEvent>(EVENTS, true, { reported_cost_source: null });

/** A runs row as its summary (without the tenant and the bookkeeping top_section_at). */
export const rowToRun: (r: Row) => RunSummary = decoder<RunSummary>(RUNS, false);

export const KEY_COLUMNS = 'id, tenant_id, name, prefix, scopes, created_at, last_used_at, expires_at, revoked_at';

export function rowToKey(r: Row): ApiKeyRecord {
  return {
    id: r.id as string, tenant_id: r.tenant_id as string, name: r.name as string | null, prefix: r.prefix as string,
    scopes: (Array.isArray(r.scopes) ? r.scopes : (r.scopes as string).split(',')) as Scope[],
    created_at: r.created_at as number, last_used_at: r.last_used_at as number | null,
    expires_at: r.expires_at as number | null, revoked_at: r.revoked_at as number | null,
  };
}

/** The metrics summed over rollup rows (`measures`: those only). */
export const metricsRollup = (measures: readonly MetricName[] = METRIC_NAMES) => measures.map((m) => `SUM(${m}) AS ${m}`).join(', ');

/** The metrics over raw call events (the partial-hour edges of a summary; `measures`: those only). */
export const metricsRaw = (measures: readonly MetricName[] = METRIC_NAMES) => measures.map((m) => `${rawMetricSql(m)} AS ${m}`).join(', ');

/**
 * The metrics a summary sums: `measures` and always `calls` (a group without calls is dropped), in catalogue order;
 * every metric when none is asked.
 */
export const measuresOf = (measures?: readonly MetricName[]): readonly MetricName[] =>
  measures === undefined ? METRIC_NAMES : METRIC_NAMES.filter((m) => m === 'calls' || measures.includes(m));

/** Dimension expressions over the rollup ('' means none there) and over raw events (hours in epoch seconds). */
export const DIM_SQL: Record<'rollup' | 'raw', Record<Dimension, string>> = {
  rollup: {
    customer_id: `NULLIF(customer_id, '')`, provider: `NULLIF(provider, '')`, model: `NULLIF(model, '')`,
    section_path: `NULLIF(section_path, '')`, hour: `hour`, day: `(hour / 86400) * 86400`,
  },
  raw: {
    customer_id: 'customer_id', provider: 'provider', model: 'model', section_path: 'section_path',
    hour: '(started_at / 3600000) * 3600', day: '(started_at / 86400000) * 86400',
  },
};

/**
 * Sums rows of several segments that share the same dimension values; groups without calls are dropped. `measures`:
 * the metrics the rows hold (the others are 0). `unique`: the rows come from one statement grouped by `groupBy`, so
 * no two share dimension values and none is looked up.
 */
export function mergeAggregates(rows: Iterable<Row>, groupBy: Dimension[], measures: readonly MetricName[] = METRIC_NAMES, unique = false): AggregateRow[] {
  const out: AggregateRow[] = [];
  const merged = new Map<string, AggregateRow>();
  for (const row of rows) {
    const keys: AggregateRow['keys'] = {};
    for (const d of groupBy) keys[d] = row[d] as string | number | null;
    const id = unique ? '' : JSON.stringify(groupBy.map((d) => keys[d]));
    let acc = unique ? undefined : merged.get(id);
    if (!acc) {
      acc = { keys, ...zeroMetrics() };
      if (!unique) merged.set(id, acc);
      out.push(acc);
    }
    for (const k of measures) acc[k] += Number(row[k] ?? 0);
  }
  return out.filter((r) => r.calls > 0);
}

/** The rows of customerPageSql as a page: the sums as numbers, the window totals taken from the first row. */
export function rowsToCustomerPage(rows: Row[]): CustomerPage {
  const first = rows[0];
  return {
    rows: mergeAggregates(rows, ['customer_id']),
    total_customers: Number(first?.total_customers ?? 0),
    cost_nanos: Number(first?.total_cost_nanos ?? 0),
    estimated_cost_nanos: Number(first?.total_estimated_cost_nanos ?? 0),
  };
}

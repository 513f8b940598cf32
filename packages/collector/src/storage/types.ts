/**
 * The storage interface. Everything that reads or writes tenant data goes through a `TenantStore`, which can only
 * be obtained for one tenant: a tenant-scoped query without a tenant scope cannot be written. SQLite implements it
 * today; PostgreSQL (with row-level security) plugs in beside it.
 */
import type { NormalizedEvent } from '../ingest/normalize.js';
import type { PricedCost } from '../pricing/price-event.js';

export type StoredEventInput = NormalizedEvent & PricedCost;

/** Filters every read accepts. Times are epoch ms, `to` exclusive. */
export interface QueryFilters {
  customer_id?: string;
  provider?: string;
  model?: string;
  /** Matches events whose section path contains this label (or label path) as whole segments. */
  section?: string;
  from?: number;
  to?: number;
}

export type Dimension = 'customer_id' | 'provider' | 'model' | 'section_path' | 'hour' | 'day';

/** The additive measures every summary reports (rollup rows, aggregates, API totals). */
export interface Metrics {
  calls: number;
  cost_usd: number;
  unpriced_calls: number;
  error_calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
}

export interface AggregateRow extends Metrics {
  /** The group's dimension values (null where the event had none). */
  keys: Partial<Record<Dimension, string | number | null>>;
}

export interface RunSummary {
  run_id: string;
  started_at: number;
  ended_at: number;
  customer_id: string | null;
  top_section: string | null;
  calls: number;
  spans: number;
  cost_usd: number;
  unpriced_calls: number;
  error_calls: number;
  input_tokens: number;
  output_tokens: number;
}

export interface RunCursor {
  started_at: number;
  run_id: string;
}

export interface StoredEvent extends StoredEventInput {}

export interface WriteResult {
  accepted: number;
  /** Indexes (into the written array) of events already stored. */
  duplicateIndexes: number[];
}

export interface TenantStore {
  readonly tenantId: string;
  aggregate(filters: QueryFilters, groupBy: Dimension[]): Promise<AggregateRow[]>;
  listRuns(filters: QueryFilters, limit: number, after?: RunCursor): Promise<RunSummary[]>;
  getRun(runId: string): Promise<{ run: RunSummary; events: StoredEvent[] } | null>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Stores a batch atomically; returns only once it is durably committed. Events carry their own tenant. */
  writeEvents(events: StoredEventInput[]): Promise<WriteResult>;
  forTenant(tenantId: string): TenantStore;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Shapes of the collector's JSON (see packages/collector/src/query/present.ts and GET /openapi.json). */

export interface Metrics {
  cost_usd: number;
  calls: number;
  unpriced_calls: number;
  error_calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  /** The part of cost_usd and calls whose usage the SDK estimated (newer collectors). */
  estimated_cost_usd?: number;
  estimated_calls?: number;
}

export interface Range {
  from: string | null;
  to: string | null;
}

export interface CustomerRow extends Metrics {
  customer_id: string | null;
}
export interface ProviderRow extends Metrics {
  provider: string | null;
}
export interface ModelRow extends Metrics {
  provider: string | null;
  model: string | null;
}
export interface SectionRow extends Metrics {
  section_path: string | null;
}
export interface UnpricedModel {
  provider: string | null;
  model: string | null;
  unpriced_calls: number;
}
export interface TimePoint extends Metrics {
  /** ISO start of the bucket (UTC). */
  start: string;
}

export interface Insights {
  tenant_id: string;
  range: Range;
  bucket: 'hour' | 'day';
  totals: Metrics;
  by_customer: CustomerRow[];
  by_provider: ProviderRow[];
  by_model: ModelRow[];
  by_section: SectionRow[];
  unpriced_models: UnpricedModel[];
  timeseries: TimePoint[];
}

export interface CustomerListRow extends Metrics {
  customer_id: string | null;
  /** Fraction (0..1) of the tenant's spend over the same filters. */
  share: number;
  /** Cost over the same-length period just before `from` (null without `from`; absent on older collectors). */
  previous_cost_usd?: number | null;
  /** Cost per bucket over the range (null without `from`; absent on older collectors). */
  trend?: number[] | null;
}

export interface CustomerList {
  tenant_id: string;
  range: Range;
  /** Trend buckets (newer collectors, with `from`). */
  bucket?: 'hour' | 'day' | null;
  buckets?: string[] | null;
  total_cost_usd: number;
  total_estimated_cost_usd?: number;
  total_customers: number;
  customers: CustomerListRow[];
  next_offset: number | null;
}

export interface CustomerDetail extends Omit<Insights, 'by_customer'> {
  customer_id: string;
  share: number;
}

export interface RunSummary {
  run_id: string;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  customer_id: string | null;
  top_section: string | null;
  cost_usd: number;
  calls: number;
  spans: number;
  unpriced_calls: number;
  error_calls: number;
  input_tokens: number;
  output_tokens: number;
  /** The part of cost_usd and calls whose usage the SDK estimated (newer collectors). */
  estimated_cost_usd?: number;
  estimated_calls?: number;
}

export interface RunList {
  tenant_id: string;
  runs: RunSummary[];
  next_cursor: string | null;
}

export interface StoredEvent {
  span_id: string;
  run_id: string;
  parent_span_id: string | null;
  span_type: string;
  section: string | null;
  section_path: string | null;
  tenant_id: string;
  customer_id: string | null;
  provider: string | null;
  endpoint: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  units: Record<string, number> | null;
  cost_usd: number | null;
  cost_status: string;
  cost_source: string | null;
  reported_cost_usd: number | null;
  started_at: string;
  latency_ms: number | null;
  status: string;
  error: string | null;
  is_streaming: boolean;
  usage_estimated: boolean;
  metadata: unknown;
  sdk: string | null;
  received_at: string;
}

export interface TreeNode {
  span_id: string;
  span_type: string;
  name: string | null;
  provider: string | null;
  model: string | null;
  status: string;
  started_at: string;
  latency_ms: number | null;
  cost_usd: number | null;
  total_cost_usd: number;
  unpriced_spans: number;
  children: TreeNode[];
}

export interface RunDetail {
  tenant_id: string;
  run: RunSummary;
  events: StoredEvent[];
  tree: TreeNode[];
}

export type Scope = 'ingest' | 'read' | 'admin';

export interface Session {
  authenticated: boolean;
  mode: 'open' | 'required';
  kind: 'anonymous' | 'api_key' | 'jwt';
  tenant_id: string | null;
  scopes: Scope[];
  platform_admin: boolean;
  sign_in_required: boolean;
  expired?: string;
}

export interface Tenant {
  tenant_id: string;
  name: string | null;
  created_at: string | null;
}

export interface ApiKey {
  id: string;
  tenant_id: string;
  name: string | null;
  prefix: string;
  scopes: Scope[];
  created_at: string | null;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface CreatedKey {
  key: string;
  api_key: ApiKey;
  note: string;
}

/** A tenant's custom price (issue 6 contract: GET/PUT /prices, DELETE /prices/:id). USD per million tokens. */
export interface CustomPrice {
  id: string;
  provider: string;
  model: string;
  input_per_mtok: number | null;
  output_per_mtok: number | null;
  cache_read_per_mtok?: number | null;
  cache_write_per_mtok?: number | null;
  effective_from?: string | null;
  created_at?: string | null;
}

export interface PriceInput {
  provider: string;
  model: string;
  input_per_mtok: number;
  output_per_mtok: number;
  cache_read_per_mtok?: number;
  cache_write_per_mtok?: number;
  effective_from?: string;
}

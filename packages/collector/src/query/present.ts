/**
 * Shapes of the read API's JSON (pure): snake_case, ISO timestamps; costs are stored and summed as integer
 * nano-dollars and presented here as JSON numbers of dollars (nanos / 1e9, packages/shared/src/money.ts).
 */
import type { Metrics, RunSummary, StoredEvent } from '../storage/types.js';
import type { TreeNode } from './tree.js';
import { METRIC_NAMES, MONEY_METRICS, presentedMetricName, zeroMetrics } from '../storage/columns.js';
import { nanosToUsd } from '@llmobserve/shared';

export const roundUsd = (x: number) => Math.round(x * 1e12) / 1e12;
const iso = (ms: number) => new Date(ms).toISOString();

type Presented<N extends string> = N extends `${infer Base}_nanos` ? `${Base}_usd` : N;
/** The API's metrics: the catalogue's, with every `…_nanos` amount as `…_usd` dollars. */
export type PresentedMetrics = { [N in keyof Metrics as Presented<N & string>]: number };

/** Every metric of the column catalogue (METRIC_NAMES): money as dollars (`cost_nanos` → `cost_usd`), counts as they are. */
const PRESENTED = METRIC_NAMES.map((n) => ({ n, as: presentedMetricName(n), money: MONEY_METRICS.has(n) }));

export function presentMetrics(r: Metrics): PresentedMetrics {
  const out: Record<string, number> = {};
  for (const { n, as, money } of PRESENTED) out[as] = money ? nanosToUsd(r[n]) : r[n];
  return out as PresentedMetrics;
}

export const EMPTY_METRICS: Metrics = zeroMetrics();

export function presentRun(r: RunSummary) {
  return {
    run_id: r.run_id,
    started_at: iso(r.started_at),
    ended_at: iso(r.ended_at),
    duration_ms: r.ended_at - r.started_at,
    customer_id: r.customer_id,
    top_section: r.top_section,
    cost_usd: nanosToUsd(r.cost_nanos),
    calls: r.calls,
    spans: r.spans,
    unpriced_calls: r.unpriced_calls,
    error_calls: r.error_calls,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    estimated_cost_usd: nanosToUsd(r.estimated_cost_nanos),
    estimated_calls: r.estimated_calls,
  };
}

export function presentEvent(e: StoredEvent) {
  return {
    span_id: e.span_id,
    run_id: e.run_id,
    parent_span_id: e.parent_span_id,
    span_type: e.span_type,
    section: e.section,
    section_path: e.section_path,
    tenant_id: e.tenant_id,
    customer_id: e.customer_id,
    provider: e.provider,
    endpoint: e.endpoint,
    model: e.model,
    input_tokens: e.input_tokens,
    output_tokens: e.output_tokens,
    cache_read_tokens: e.cache_read_tokens,
    cache_write_tokens: e.cache_write_tokens,
    cache_write_1h_tokens: e.cache_write_1h_tokens,
    token_details: e.token_details,
    reasoning_tokens: e.reasoning_tokens,
    units: e.units,
    cost_usd: nanosToUsd(e.cost_nanos),
    cost_status: e.cost_status,
    cost_source: e.cost_source,
    reported_cost_usd: e.reported_cost_usd,
    started_at: iso(e.started_at),
    latency_ms: e.latency_ms,
    status: e.status,
    error: e.error,
    is_streaming: e.is_streaming,
    usage_estimated: e.usage_estimated,
    metadata: e.metadata === null ? null : (JSON.parse(e.metadata) as unknown),
    sdk: e.sdk,
    received_at: iso(e.received_at),
  };
}

export interface PresentedNode {
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
  children: PresentedNode[];
}

export function presentTree(nodes: TreeNode<StoredEvent>[]): PresentedNode[] {
  return nodes.map((n) => ({
    span_id: n.span_id,
    span_type: n.event.span_type,
    name: n.event.section ?? n.event.endpoint,
    provider: n.event.provider,
    model: n.event.model,
    status: n.event.status,
    started_at: iso(n.event.started_at),
    latency_ms: n.event.latency_ms,
    cost_usd: nanosToUsd(n.event.cost_nanos),
    total_cost_usd: nanosToUsd(n.total_cost_nanos),
    unpriced_spans: n.unpriced_spans,
    children: presentTree(n.children),
  }));
}

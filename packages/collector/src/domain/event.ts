/**
 * The collector's domain records, declared once: the event as ingest normalises it, the cost pricing decides, the
 * event as storage keeps it, and a tenant's custom price. Every layer (storage, pricing, ingest, query, server)
 * imports them from here; this module imports nothing of the collector. The wire event itself is the shared
 * package's EventSchema (docs/event.md).
 */
import type { EventStatus, SpanType, TokenDetails } from '@llmobserve/shared';

/** The normalised event: every field present, timestamps in epoch milliseconds. */
export interface NormalizedEvent {
  tenant_id: string;
  span_id: string;
  run_id: string;
  parent_span_id: string | null;
  span_type: SpanType;
  section: string | null;
  section_path: string | null;
  customer_id: string | null;
  provider: string | null;
  endpoint: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  /** Part of cache_write_tokens written to a 1-hour cache. */
  cache_write_1h_tokens: number;
  /** Tokens of other modalities (audio, image, video), positive counts only; null when none. */
  token_details: TokenDetails | null;
  reasoning_tokens: number;
  units: Record<string, number> | null;
  reported_cost_usd: number | null;
  reported_cost_source: 'provider' | 'sdk' | 'manual' | null;
  started_at: number;
  latency_ms: number | null;
  status: EventStatus;
  error: string | null;
  is_streaming: boolean;
  usage_estimated: boolean;
  metadata: string | null;
  sdk: string | null;
  received_at: number;
}

export type CostStatus = 'priced' | 'reported' | 'unpriced' | 'not_applicable';

/** What pricing decides for one event (pricing/price-event.ts). */
export interface PricedCost {
  cost_usd: number | null;
  cost_status: CostStatus;
  cost_source: string | null;
}

/**
 * The event's cost split by kind, in integer nano-dollars (only kinds with a cost are present): uncached input,
 * cached input (cache reads), cache writes, output (without reasoning), reasoning, each non-token unit, and `other`
 * (a reported cost, or events stored before the split existed). The parts add up exactly to the stored cost.
 */
export interface CostParts {
  input?: number;
  cached_input?: number;
  cache_write?: number;
  output?: number;
  reasoning?: number;
  other?: number;
  units?: Record<string, number>;
}

/** An event as written to storage: normalised and priced (cost_parts: null when unpriced; absent = not split). */
export type StoredEventInput = NormalizedEvent & PricedCost & { cost_parts?: CostParts | null };

/**
 * An event as read back from storage (`received_at` is the stored created_at; `reported_cost_source` is not kept).
 * The stored cost is `cost_nanos` (integer nano-dollars, packages/shared/src/money.ts); `cost_usd` is it / 1e9, for
 * presentation only.
 */
export interface StoredEvent extends StoredEventInput {
  cost_nanos: number | null;
}

/** A tenant's own price for a model, winning over the defaults for events that started at or after effective_from. */
export interface CustomPrice {
  id: string;
  provider: string;
  model: string;
  /** USD per million tokens; cache rates default to the input rate when absent. */
  input_per_mtok: number | null;
  output_per_mtok: number | null;
  cache_read_per_mtok: number | null;
  cache_write_per_mtok: number | null;
  /** USD per unit of non-token usage (read_units, characters, images, ...). */
  unit_prices: Record<string, number> | null;
  effective_from: number;
  created_at: number;
}

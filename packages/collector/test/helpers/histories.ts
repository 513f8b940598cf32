/** Generated usage histories for the insight tests: a seeded PRNG (mulberry32) and event builders. */
import type { StoredEventInput } from '../../src/storage/types.js';

/** mulberry32: a small, well-known 32-bit PRNG; the same seed gives the same history. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** x with ±share uniform noise. */
export const noisy = (rand: () => number, x: number, share = 0.2) => x * (1 + share * (2 * rand() - 1));

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let seq = 0;
/** A stored call event (for storage-level tests) with defaults. */
export function storedCall(p: Partial<StoredEventInput> & { started_at: number }): StoredEventInput {
  seq += 1;
  const id = `ev-${process.pid}-${seq}`;
  return {
    tenant_id: 'default_tenant', span_id: id, run_id: id, parent_span_id: null, span_type: 'llm', section: null, section_path: null,
    customer_id: null, provider: 'openai', endpoint: 'chat.completions', model: 'gpt-4o-mini', input_tokens: 100, output_tokens: 50,
    cache_read_tokens: 0, cache_write_tokens: 0, cache_write_1h_tokens: 0, token_details: null, reasoning_tokens: 0, units: null,
    reported_cost_usd: null, reported_cost_source: null, cost_usd: 0.001, cost_status: 'priced', cost_source: 'test', latency_ms: 100, status: 'ok', error: null,
    is_streaming: false, usage_estimated: false, metadata: null, sdk: null, received_at: p.started_at, ...p,
  } as StoredEventInput;
}

/**
 * The overview bench's event generator (pure), shared by bench/overview.ts and the collector's `npm run bench:reads`:
 * one tenant, runs of 5 spans spread over the last 90 days (more recent days busier), a skewed distribution of
 * `customers` customers (615 distinct of 1,000), 5 models over 3 providers, 21 section paths. Event i depends on i
 * only, so the first N events of a larger set have the same shape as a set of N.
 */
const DAY = 86_400_000;
export const MODELS = [['openai', 'gpt-4o-mini'], ['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4-20250514'], ['google', 'gemini-2.0-flash'], ['openai', 'text-embedding-3-small']] as const;
export const SECTIONS = Array.from({ length: 21 }, (_, i) => `agent:${i % 3}/feature:${i % 7}`);

export function overviewEvent(i: number, o: { customers: number; now: number }) {
  const run = Math.floor(i / 5);
  const [provider, model] = MODELS[(run + i) % MODELS.length]!;
  const customer = Math.floor(o.customers * Math.pow(((run * 7919) % 1000) / 1000, 3));
  // Spread over 90 days, more recent days busier.
  const age = Math.floor(90 * DAY * Math.pow(((run * 104729) % 100_000) / 100_000, 1.5));
  return {
    span_id: `b-${i}`,
    run_id: `b-run-${run}`,
    parent_span_id: i % 5 === 0 ? null : `b-${i - (i % 5)}`,
    span_type: 'llm',
    section: `feature:${run % 7}`,
    section_path: SECTIONS[run % SECTIONS.length],
    customer_id: `customer_${customer}`,
    provider, endpoint: 'chat.completions', model,
    input_tokens: 1000 + (i % 900), output_tokens: 100 + (i % 90), cache_read_tokens: i % 200,
    started_at: new Date(o.now - age - (i % 5) * 300).toISOString(),
    latency_ms: 250 + (i % 100), status: i % 97 === 0 ? 'error' : 'ok', sdk: 'bench/0',
  };
}

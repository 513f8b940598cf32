/** The writer thread's message format (storage/sqlite/event-message.ts): rows of values give back the same events. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEvent } from '../src/ingest/normalize.js';
import { priceEvent } from '../src/pricing/price-event.js';
import { costParts } from '../src/pricing/cost-parts.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import { eventsToRows, rowsToEvents } from '../src/storage/sqlite/event-message.js';
import type { StoredEventInput } from '../src/domain/event.js';

const tokens = new TokenPricer();

function priced(wire: Record<string, unknown>): StoredEventInput {
  const r = normalizeEvent(wire, Date.UTC(2026, 0, 2), 'default_tenant');
  if (!r.ok) throw new Error(r.message);
  const cost = priceEvent(r.event, tokens, null);
  return { ...r.event, ...cost, cost_parts: costParts(r.event, cost, tokens, null) };
}

describe('writer thread messages', () => {
  it('a batch travels as rows and comes back as the same events, every field included', () => {
    const full = priced({
      span_id: 's1', run_id: 'r1', parent_span_id: 'p1', span_type: 'llm', section: 'chat', section_path: 'agent/chat',
      tenant_id: 't1', customer_id: 'c1', provider: 'openai', endpoint: 'chat.completions', model: 'gpt-4o-mini',
      input_tokens: 1200, output_tokens: 300, cache_read_tokens: 200, cache_write_tokens: 0, reasoning_tokens: 50,
      token_details: { input_audio_tokens: 10 }, units: { requests: 1 }, cost_usd: 0.5, cost_source: 'sdk',
      started_at: '2026-01-01T10:00:00.000Z', latency_ms: 812.5, status: 'error', error: 'timeout', is_streaming: true,
      usage_estimated: true, metadata: { a: [1, 'x'] }, sdk: 'llmobserve-js/0.1.0',
    });
    const bare = priced({ span_id: 's2', span_type: 'agent' });
    const back = rowsToEvents(eventsToRows([full, bare]));
    assert.deepStrictEqual(back, [full, bare]);
    // the rows really are arrays of values, not the objects again
    assert.ok(eventsToRows([full]).every((r) => Array.isArray(r) && r.includes('gpt-4o-mini')));
  });

  it('an event without a cost split comes back without one', () => {
    const { cost_parts: _, ...unsplit } = priced({ span_id: 's3', provider: 'openai', model: 'gpt-4o', input_tokens: 10 });
    const [back] = rowsToEvents(eventsToRows([unsplit]));
    assert.equal(back!.cost_parts, undefined);
    assert.deepStrictEqual({ ...back, cost_parts: undefined }, { ...unsplit, cost_parts: undefined });
  });
});

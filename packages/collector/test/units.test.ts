/** Pure parts: event validation messages, time splitting for rollup reads, span trees. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEvent } from '../src/ingest/normalize.js';
import { splitRange } from '../src/storage/time-split.js';
import { WEEK_MS } from '../src/storage/week-grain.js';
import { dailyFamilyFor } from '../src/storage/family-choice.js';
import { buildSpanTree } from '../src/query/tree.js';

const now = Date.parse('2026-03-01T12:00:00Z');
const msg = (raw: unknown) => {
  const r = normalizeEvent(raw, now);
  assert.equal(r.ok, false, 'expected a rejection');
  return (r as { message: string }).message;
};

describe('normalizeEvent', () => {
  it('fills defaults: tenant, run_id, span_type, status, started_at', () => {
    const r = normalizeEvent({ span_id: 's1' }, now);
    assert.ok(r.ok);
    assert.equal(r.event.tenant_id, 'default_tenant');
    assert.equal(r.event.run_id, 's1');
    assert.equal(r.event.span_type, 'llm');
    assert.equal(r.event.status, 'ok');
    assert.equal(r.event.started_at, now);
  });
  it('ignores unknown fields and derives section from section_path', () => {
    const r = normalizeEvent({ span_id: 's', section_path: 'agent:research/tool:search', surprise: 1 }, now);
    assert.ok(r.ok);
    assert.equal(r.event.section, 'tool:search');
    assert.equal((r.event as unknown as Record<string, unknown>).surprise, undefined);
  });
  it('names the field in every message', () => {
    assert.equal(msg({}), 'span_id: expected required property');
    assert.equal(msg({ span_id: 7 }), 'span_id: expected string');
    assert.equal(msg({ span_id: 's', input_tokens: -1 }), 'input_tokens: expected integer to be greater or equal to 0');
    assert.equal(msg({ span_id: 's', input_tokens: 1.5 }), 'input_tokens: expected integer');
    assert.equal(msg({ span_id: 's', span_type: 'banana' }), 'span_type: must be one of llm, embedding, vector, api, section, agent, tool');
    assert.equal(msg({ span_id: 's', status: 'meh' }), 'status: must be one of ok, error, cancelled, rate_limited, timeout');
    assert.match(msg({ span_id: 's', customer_id: 'x'.repeat(100_000) }), /^customer_id: .*256/);
    assert.match(msg({ span_id: 's', started_at: 'yesterday' }), /^started_at: /);
    assert.match(msg({ span_id: 's', tenant_id: 'bad tenant!' }), /^tenant_id: /);
    assert.match(msg({ span_id: 's', units: { read_units: 'many' } }), /^units\.read_units: /);
    assert.equal(msg(['not', 'an', 'object']), 'event: must be a JSON object');
    assert.equal(msg(null), 'event: must be a JSON object');
  });
  it('enforces the canonical usage convention', () => {
    assert.match(msg({ span_id: 's', input_tokens: 10, cache_read_tokens: 8, cache_write_tokens: 5 }), /^cache_read_tokens .* exceed input_tokens/);
    assert.match(msg({ span_id: 's', output_tokens: 10, reasoning_tokens: 11 }), /^reasoning_tokens .* exceed output_tokens/);
    assert.match(msg({ span_id: 's', input_tokens: 10, cache_write_tokens: 4, cache_write_1h_tokens: 5 }), /^cache_write_1h_tokens .* exceed cache_write_tokens/);
    const ok = normalizeEvent({ span_id: 's', input_tokens: 10, cache_write_tokens: 4, cache_write_1h_tokens: 4 }, now);
    assert.ok(ok.ok && ok.event.cache_write_1h_tokens === 4);
    assert.match(msg({ span_id: 's', input_tokens: 10, token_details: { input_audio_tokens: 8, input_image_tokens: 3 } }), /^token_details: input_audio\/image\/video tokens \(11\) exceed input_tokens/);
    assert.match(msg({ span_id: 's', output_tokens: 5, token_details: { output_image_tokens: 6 } }), /^token_details: output_audio\/image tokens/);
    assert.match(msg({ span_id: 's', input_tokens: 10, cache_read_tokens: 2, token_details: { input_audio_tokens: 5, cache_audio_read_tokens: 3 } }), /cache_audio_read_tokens/);
    assert.match(msg({ span_id: 's', input_tokens: 10, token_details: { text_tokens: 5 } }), /^token_details/);
    const detailed = normalizeEvent({ span_id: 's', input_tokens: 10, token_details: { input_audio_tokens: 6, output_audio_tokens: 0 } }, now);
    assert.ok(detailed.ok);
    assert.deepEqual(detailed.event.token_details, { input_audio_tokens: 6 }); // zeros dropped
  });
  it('truncates long errors instead of rejecting, and bounds metadata', () => {
    const r = normalizeEvent({ span_id: 's', status: 'error', error: 'e'.repeat(5000) }, now);
    assert.ok(r.ok);
    assert.equal(r.event.error?.length, 1000);
    assert.match(msg({ span_id: 's', metadata: { blob: 'x'.repeat(9000) } }), /^metadata: exceeds 8192 bytes/);
  });
  it('refuses timestamps far in the future', () => {
    assert.match(msg({ span_id: 's', started_at: '2026-03-03T12:00:00Z' }), /future/);
  });
});

describe('splitRange', () => {
  const H = 3_600_000;
  const t0 = Date.parse('2026-03-01T00:00:00Z');
  it('unbounded → whole rollup', () => assert.deepEqual(splitRange(undefined, undefined), [{ source: 'rollup', from: undefined, to: undefined }]));
  it('hour-aligned → rollup only', () => assert.deepEqual(splitRange(t0, t0 + 5 * H), [{ source: 'rollup', from: t0, to: t0 + 5 * H }]));
  it('ragged edges → raw + rollup + raw', () =>
    assert.deepEqual(splitRange(t0 + 10, t0 + 3 * H + 20), [
      { source: 'raw', from: t0 + 10, to: t0 + H },
      { source: 'rollup', from: t0 + H, to: t0 + 3 * H },
      { source: 'raw', from: t0 + 3 * H, to: t0 + 3 * H + 20 },
    ]));
  it('inside one hour → raw only', () => assert.deepEqual(splitRange(t0 + 10, t0 + 20), [{ source: 'raw', from: t0 + 10, to: t0 + 20 }]));
});

describe('splitRange with daily rollups', () => {
  const H = 3_600_000;
  const D = 24 * H;
  const d0 = Date.parse('2026-03-01T00:00:00Z');
  it('whole days from the daily rollup, whole hours around them from the hourly one, edges from raw events', () =>
    assert.deepEqual(splitRange(d0 + 30 * 60_000, d0 + 3 * D + 2 * H + 5, true), [
      { source: 'raw', from: d0 + 30 * 60_000, to: d0 + H },
      { source: 'rollup', from: d0 + H, to: d0 + D },
      { source: 'daily', from: d0 + D, to: d0 + 3 * D },
      { source: 'rollup', from: d0 + 3 * D, to: d0 + 3 * D + 2 * H },
      { source: 'raw', from: d0 + 3 * D + 2 * H, to: d0 + 3 * D + 2 * H + 5 },
    ]));
  it('unbounded → daily only; within a day → hourly only', () => {
    assert.deepEqual(splitRange(undefined, undefined, true), [{ source: 'daily', from: undefined, to: undefined }]);
    assert.deepEqual(splitRange(d0 + H, d0 + 5 * H, true), [{ source: 'rollup', from: d0 + H, to: d0 + 5 * H }]);
  });
});

describe('splitRange with week rows (storage/week-grain.ts)', () => {
  const H = 3_600_000;
  const D = 24 * H;
  // weeks start on Thursdays, 00:00 UTC (7-day spans from the epoch): 2026-03-05 is one
  const w0 = Date.parse('2026-03-05T00:00:00Z');
  assert.equal(w0 % WEEK_MS, 0);
  it('whole weeks that end by the boundary from the week rows, the days around them from the day rows', () => {
    assert.deepEqual(splitRange(w0 - 3 * D, w0 + 3 * 7 * D + 2 * D, true, undefined, w0 + 10 * 7 * D), [
      { source: 'daily', from: w0 - 3 * D, to: w0 },
      { source: 'weekly', from: w0, to: w0 + 3 * 7 * D },
      { source: 'daily', from: w0 + 3 * 7 * D, to: w0 + 3 * 7 * D + 2 * D },
    ]);
    // the boundary inside the third week: two weeks, then days
    assert.deepEqual(splitRange(w0, w0 + 4 * 7 * D, true, undefined, w0 + 2 * 7 * D + 3 * D + 5 * H), [
      { source: 'weekly', from: w0, to: w0 + 2 * 7 * D },
      { source: 'daily', from: w0 + 2 * 7 * D, to: w0 + 4 * 7 * D },
    ]);
  });
  it('with a wide family\'s cut: weeks, days to the boundary\'s day, hours from the boundary', () => {
    const boundary = w0 + 7 * D + 2 * D + 5 * H;
    assert.deepEqual(splitRange(w0, undefined, true, boundary, boundary), [
      { source: 'weekly', from: w0, to: w0 + 7 * D },
      { source: 'daily', from: w0 + 7 * D, to: w0 + 7 * D + 3 * D },
      { source: 'rollup', from: boundary, to: undefined },
    ]);
  });
  it('no whole week inside, or none before the boundary → days only; unbounded → weeks from the start', () => {
    assert.deepEqual(splitRange(w0 + D, w0 + 7 * D + D, true, undefined, w0 + 50 * 7 * D), [{ source: 'daily', from: w0 + D, to: w0 + 7 * D + D }]);
    assert.deepEqual(splitRange(w0, w0 + 3 * 7 * D, true, undefined, w0 + 5 * D), [{ source: 'daily', from: w0, to: w0 + 3 * 7 * D }]);
    assert.deepEqual(splitRange(undefined, undefined, true, undefined, w0 + 3 * D), [
      { source: 'weekly', from: undefined, to: w0 },
      { source: 'daily', from: w0, to: undefined },
    ]);
  });
});

describe('dailyFamilyFor', () => {
  it('picks the family that holds every grouped and filtered dimension, else none', () => {
    assert.equal(dailyFamilyFor([], []), 'total');
    assert.equal(dailyFamilyFor(['day'], []), 'total');
    assert.equal(dailyFamilyFor(['customer_id'], []), 'customer');
    // a customer filter reads one customer's rows (customer_model is led by customer_id), not every customer's of the range
    assert.equal(dailyFamilyFor(['day'], ['customer_id']), 'customer_days');
    assert.equal(dailyFamilyFor(['provider', 'model'], ['provider']), 'model');
    assert.equal(dailyFamilyFor(['section_path'], ['section']), 'section');
    assert.equal(dailyFamilyFor([], ['section']), 'section');
    // a filtered dimension leads the family's key (an index prefix)
    assert.equal(dailyFamilyFor(['provider', 'model'], ['customer_id']), 'customer_model');
    assert.equal(dailyFamilyFor(['customer_id'], ['provider']), 'model_customer');
    assert.equal(dailyFamilyFor(['customer_id'], ['model']), 'model_customer');
    assert.equal(dailyFamilyFor(['section_path'], ['customer_id']), 'customer_section');
    assert.equal(dailyFamilyFor(['customer_id'], ['section']), 'section_customer');
    assert.equal(dailyFamilyFor(['provider', 'model'], ['section']), 'section_model');
    assert.equal(dailyFamilyFor(['section_path'], ['provider']), 'section_model');
    assert.equal(dailyFamilyFor(['customer_id'], ['customer_id', 'provider']), 'customer_model');
    assert.equal(dailyFamilyFor(['section_path'], ['customer_id', 'section']), 'customer_section');
    assert.equal(dailyFamilyFor(['section_path'], ['customer_id', 'provider']), 'customer_detail');
    assert.equal(dailyFamilyFor(['hour'], []), null);
  });
});

describe('buildSpanTree', () => {
  const e = (span_id: string, parent_span_id: string | null, cost_nanos: number | null, started_at = 0, cost_status = 'priced') =>
    ({ span_id, parent_span_id, cost_nanos, started_at, cost_status });
  it('links children, rolls cost up, and makes orphans roots', () => {
    const roots = buildSpanTree([
      e('root', null, null, 0, 'not_applicable'), e('a', 'root', 10, 1), e('b', 'root', 20, 2), e('a1', 'a', 5, 3),
      e('u', 'a', null, 4, 'unpriced'), e('orphan', 'missing', 40, 5),
    ]);
    assert.deepEqual(roots.map((r) => r.span_id), ['root', 'orphan']);
    const root = roots[0]!;
    assert.equal(root.total_cost_nanos, 35);
    assert.equal(root.unpriced_spans, 1);
    assert.deepEqual(root.children.map((c) => c.span_id), ['a', 'b']);
    assert.equal(root.children[0]!.total_cost_nanos, 15);
  });
  it('breaks cycles instead of looping', () => {
    const roots = buildSpanTree([e('x', 'y', 1), e('y', 'x', 1)]);
    assert.equal(roots.length + roots.reduce((n, r) => n + r.children.length, 0), 2);
  });
});

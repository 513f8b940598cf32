// @storage sqlite
/**
 * The billing deltas of the ingest path (storage/billing/deltas.ts billingDeltaPair: one pass, a month's token rows
 * summed from its hours) equal, row for row and in the same order, what the implementation before it computed
 * (kept below as the reference: one fold per grain through addEvent). Random events (fast-check): several tenants,
 * hours and months (month boundaries included), null customers/providers/models/sections, unpriced events, cost
 * parts of every kind, unit usage with and without unit prices (REAL quantities: their sums must be the same floats),
 * estimated usage, errors, structural spans, and taken out again (sign -1). And the SQLite writer stores the same
 * billing rows as the reference's upserts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import type { StoredEventInput } from '../src/domain/event.js';
import { isCall } from '../src/storage/rollup.js';
import { rowParams } from '../src/storage/columns.js';
import { upsertSql } from '../src/storage/statements.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { createSqliteBillingWriter } from '../src/storage/billing/ingest-writes.js';
import { BILLING_HOURLY, BILLING_MONTHLY } from '../src/storage/billing/tables.js';
import {
  addEvent, billingDeltaPair, billingDeltas, featureOf, monthOf, zeroMeasures, type BillingDelta, type BillingKeys,
} from '../src/storage/billing/deltas.js';
import { tempDir } from './helpers/collector.js';

/** The reference: billingDeltas as it was before billingDeltaPair (one fold of every event per grain). */
function referenceDeltas(events: Iterable<StoredEventInput>, grain: 'hour' | 'month', sign = 1): BillingDelta[] {
  const groups = new Map<string, BillingDelta>();
  let lastHour = NaN;
  let lastMonth = 0;
  for (const e of events) {
    if (!isCall(e)) continue;
    const hour = Math.floor(e.started_at / 3_600_000) * 3600;
    if (grain === 'month' && hour !== lastHour) [lastHour, lastMonth] = [hour, monthOf(e.started_at)];
    const month = grain === 'month' ? lastMonth : 0;
    const keys: BillingKeys = { customer_id: e.customer_id ?? '', provider: e.provider ?? '', model: e.model ?? '', feature: featureOf(e.section_path), unit: '' };
    const bucket = grain === 'hour' ? hour : month;
    const prefix = `${e.tenant_id}\u001f${bucket}\u001f${keys.customer_id}\u001f${keys.provider}\u001f${keys.model}\u001f${keys.feature}\u001f`;
    addEvent(e, (unit) => {
      const key = prefix + unit;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { tenant_id: e.tenant_id, hour: grain === 'hour' ? hour : 0, month, ...keys, unit, ...zeroMeasures() }));
      return g;
    }, sign);
  }
  return [...groups.values()];
}

const MONTH_EDGE = Date.UTC(2026, 0, 31, 22); // two hours before February
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const nanos = fc.integer({ min: 0, max: 5_000_000_000 });
const unitNames = pick(['images', 'characters', 'read_units', 'constructor', '__proto__', 'x\u001fy']);
const quantity = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 1000 }), fc.constant(0.1));
const units = maybe(fc.dictionary(unitNames, quantity, { maxKeys: 3 }));

const costParts = fc.record({
  input: nanos, cached_input: nanos, cache_write: nanos, output: nanos, reasoning: nanos, other: nanos,
  units: fc.dictionary(unitNames, nanos, { maxKeys: 3 }),
}, { requiredKeys: [] });

/** A stored event (normalised and priced) with the fields billing reads varied, the others plausible. */
const event = fc.record({
  i: fc.nat(),
  tenant_id: pick(['t_a', 't_b', 't_c']),
  span_type: pick(['llm', 'embedding', 'tool', 'section', 'agent', 'custom'] as const),
  // minutes around a month boundary, plus other hours of other months
  started_at: fc.oneof(fc.integer({ min: -240, max: 240 }).map((m) => MONTH_EDGE + m * 60_000 + 17), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) })),
  customer_id: maybe(pick(['c1', 'c2', 'c\u001f3', ''])),
  provider: maybe(pick(['openai', 'anthropic', 'acme-ai'])),
  model: maybe(pick(['gpt-4o', 'claude', 'm1'])),
  section_path: maybe(pick(['checkout', 'checkout/summary', 'search/rank/top', '/lead', 'a/'])),
  input_tokens: fc.integer({ min: 0, max: 2_000_000 }),
  cache_read_tokens: fc.integer({ min: 0, max: 1_000_000 }),
  cache_write_tokens: fc.integer({ min: 0, max: 1_000_000 }),
  output_tokens: fc.integer({ min: 0, max: 1_000_000 }),
  reasoning_tokens: fc.integer({ min: 0, max: 1_000_000 }),
  units,
  // priced with a split, priced before the split (whole cost in usd), unpriced
  cost: fc.oneof(costParts.map((p) => ({ parts: p as StoredEventInput['cost_parts'], usd: 0.5 })), fc.constant({ parts: undefined, usd: 0.000_123 }), fc.constant({ parts: null, usd: null })),
  usage_estimated: fc.boolean(),
  status: pick(['ok', 'error'] as const),
}).map((r): StoredEventInput => ({
  tenant_id: r.tenant_id, span_id: `s${r.i}`, run_id: `r${r.i % 7}`, parent_span_id: null, span_type: r.span_type, section: null,
  section_path: r.section_path, customer_id: r.customer_id, provider: r.provider, endpoint: null, model: r.model,
  input_tokens: r.input_tokens, output_tokens: r.output_tokens, cache_read_tokens: r.cache_read_tokens, cache_write_tokens: r.cache_write_tokens,
  cache_write_1h_tokens: 0, token_details: null, reasoning_tokens: r.reasoning_tokens, units: r.units, reported_cost_usd: null,
  reported_cost_source: null, started_at: r.started_at, latency_ms: 10, status: r.status, error: r.status === 'error' ? 'boom' : null,
  is_streaming: false, usage_estimated: r.usage_estimated, metadata: null, sdk: null, received_at: r.started_at,
  cost_usd: r.cost.usd, cost_status: r.cost.usd === null ? 'unpriced' : 'priced', cost_source: null,
  ...(r.cost.parts === undefined ? {} : { cost_parts: r.cost.parts }),
}));

// events of a batch often share their keys and hour (as ingest's do): repeat some of them at other times
const batch = fc.array(event, { maxLength: 60 }).chain((es) =>
  fc.array(fc.record({ from: fc.nat(), shift: fc.integer({ min: -90, max: 90 }) }), { maxLength: 30 }).map((copies) =>
    es.length === 0 ? es : [...es, ...copies.map(({ from, shift }) => ({ ...es[from % es.length]!, started_at: es[from % es.length]!.started_at + shift * 60_000 }))]));

describe('billing deltas: one pass, months from hours', () => {
  it('equal the per-grain reference, row for row, in order (both signs)', () => {
    fc.assert(fc.property(batch, fc.constantFrom(1, -1), (events, sign) => {
      const pair = billingDeltaPair(events, sign);
      assert.deepStrictEqual(pair.hourly, referenceDeltas(events, 'hour', sign));
      assert.deepStrictEqual(pair.monthly, referenceDeltas(events, 'month', sign));
      assert.deepStrictEqual(billingDeltas(events, 'month', sign), pair.monthly);
      assert.deepStrictEqual(billingDeltas(events, 'hour', sign), pair.hourly);
    }), { numRuns: 1500 });
  });

  it('the SQLite writer stores what the reference upserts store', () => {
    const dir = tempDir('llmo-billing-deltas-');
    let n = 0;
    const open = () => {
      const file = join(dir, `b${n++}.sqlite`);
      new SqliteStorage(file).close();
      return new Database(file);
    };
    const dump = (db: Database.Database) => ['billing_hourly', 'billing_monthly'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY tenant_id, ${t === 'billing_hourly' ? 'hour' : 'month'}, customer_id, provider, model, feature, unit`).all());
    fc.assert(fc.property(fc.array(batch, { minLength: 1, maxLength: 4 }), (batches) => {
      const [db, ref] = [open(), open()];
      try {
        const write = createSqliteBillingWriter(db);
        const hourly = ref.prepare(upsertSql(BILLING_HOURLY, 'sqlite'));
        const monthly = ref.prepare(upsertSql(BILLING_MONTHLY, 'sqlite'));
        const [hp, mp] = [rowParams<BillingDelta>(BILLING_HOURLY, 'sqlite'), rowParams<BillingDelta>(BILLING_MONTHLY, 'sqlite')];
        for (const b of batches) {
          db.transaction(() => write(b)).immediate();
          ref.transaction(() => {
            for (const d of referenceDeltas(b, 'hour')) hourly.run(hp(d));
            for (const d of referenceDeltas(b, 'month')) monthly.run(mp(d));
          }).immediate();
        }
        assert.deepStrictEqual(dump(db), dump(ref));
      } finally {
        db.close();
        ref.close();
      }
    }), { numRuns: 60 });
  });
});

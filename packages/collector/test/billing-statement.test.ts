/**
 * Statements computed by hand (pure): markup percentages and prices per unit, each precedence, fees, minimums,
 * rounding half-even to the cent per line with totals the exact sum of the rounded lines; cost parts; billing periods
 * in time zones; the segments a range is read from. And, in process, the billing store over raw edges and the
 * `statement.closed` domain event of a closing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsd, parseUsd } from '@llmobserve/shared';
import { billedAmount, buildStatement, winningRule, type StatementInput } from '../src/billing/statement.js';
import { periodRange, periodOf } from '../src/billing/periods.js';
import { billingSegments } from '../src/storage/billing/segments.js';
import { allocate, costParts } from '../src/pricing/cost-parts.js';
import { zeroMeasures, type BillingRow } from '../src/storage/billing/deltas.js';
import { DEFAULT_BILLING_SETTINGS, type MarkupRule } from '../src/storage/billing/types.js';
import { statementCsv } from '../src/billing/csv.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import { priceEvent } from '../src/pricing/price-event.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { BillingService, type StatementClosedEvent } from '../src/billing/service.js';
import type { StoredEventInput } from '../src/storage/types.js';

const n = (usd: string) => parseUsd(usd);
const row = (over: Partial<BillingRow>): BillingRow => ({ customer_id: 'c', provider: 'p', model: 'm', feature: 'f', unit: '', ...zeroMeasures(), ...over });
const settings = { ...DEFAULT_BILLING_SETTINGS };
let ruleSeq = 0;
const rule = (over: Partial<MarkupRule>): MarkupRule => ({ id: `r${++ruleSeq}`, scope: 'tenant', match: '', kind: null, type: 'percent', value: '0', created_at: ruleSeq, ...over });
const statement = (over: Partial<StatementInput>) => buildStatement({ customer_id: 'c', period: '2026-10', from: 0, to: 1, settings, rules: [], usage: [], adjustments: [], ...over });
const amounts = (s: ReturnType<typeof buildStatement>) => s.lines.map((l) => formatUsd(l.amount_nanos, 2));
const pct = (value: string) => ({ id: 'x', scope: 'tenant' as const, type: 'percent' as const, value });

describe('statement arithmetic, computed by hand', () => {
  it('1. a percentage markup rounds once, to the cent: $1.234567891 + 20 % = 1.4814814692 → 1.48', () => {
    assert.equal(formatUsd(billedAmount(n('1.234567891'), 0, pct('20')), 2), '1.48');
  });
  it('2. half a cent rounds to the even cent: 0.125 → 0.12, 0.135 → 0.14, 0.145 → 0.14', () => {
    assert.deepEqual(['0.125', '0.135', '0.145'].map((c) => formatUsd(billedAmount(n(c), 0, pct('0')), 2)), ['0.12', '0.14', '0.14']);
  });
  it('3. a fractional percentage: $0.10 + 12.5 % = 0.1125 → 0.11; $0.02 + 12.5 % = 0.0225 → 0.02', () => {
    assert.equal(formatUsd(billedAmount(n('0.10'), 0, pct('12.5')), 2), '0.11');
    assert.equal(formatUsd(billedAmount(n('0.02'), 0, pct('12.5')), 2), '0.02');
  });
  it('4. a price per unit: 400,000 tokens × $0.00001 = $4.00; 1,234.5 audio seconds × $0.01 = 12.345 → 12.34 (half-even)', () => {
    const unit = (value: string) => ({ id: 'u', scope: 'tenant' as const, type: 'unit_price' as const, value });
    assert.equal(formatUsd(billedAmount(n('0.8'), 400_000, unit('0.00001')), 2), '4.00');
    assert.equal(formatUsd(billedAmount(0, 1234.5, unit('0.01')), 2), '12.34');
  });
  it('5. cached and reasoning tokens are lines of their own; totals are the exact sum of the rounded lines', () => {
    const s = statement({
      settings: { ...settings, default_markup_percent: '10' },
      usage: [row({ input_tokens: 800_000, input_nanos: n('0.8'), cached_input_tokens: 200_000, cached_input_nanos: n('0.1'), cache_write_tokens: 10_000, cache_write_nanos: n('0.0125'), output_tokens: 400_000, output_nanos: n('0.8'), reasoning_tokens: 100_000, reasoning_nanos: n('0.2'), calls: 3 })],
    });
    assert.deepEqual(s.lines.map((l) => [l.kind, l.quantity]), [['input', 800_000], ['cached_input', 200_000], ['cache_write', 10_000], ['output', 400_000], ['reasoning', 100_000]]);
    // 0.88, 0.11, 0.01375 → 0.01, 0.88, 0.22
    assert.deepEqual(amounts(s), ['0.88', '0.11', '0.01', '0.88', '0.22']);
    assert.equal(formatUsd(s.amount_nanos, 2), '2.10');
    assert.equal(formatUsd(s.cost_nanos), '1.912500000');
  });
  it('6. rounding per line: three lines of half a cent bill 0.00 each, total 0.00 (cost 0.015)', () => {
    const s = statement({ usage: ['a', 'b', 'c'].map((model) => row({ model, input_tokens: 5000, input_nanos: n('0.005') })) });
    assert.deepEqual(amounts(s), ['0.00', '0.00', '0.00']);
    assert.deepEqual([formatUsd(s.amount_nanos, 2), formatUsd(s.cost_nanos)], ['0.00', '0.015000000']);
  });
  it('7. precedence: customer > feature > model > tenant > the default', () => {
    const line = { customer: 'c', provider: 'p', model: 'm', feature: 'f', kind: 'input' };
    const rules = [rule({ scope: 'tenant', value: '1' }), rule({ scope: 'model', match: 'p/m', value: '2' }), rule({ scope: 'feature', match: 'f', value: '3' }), rule({ scope: 'customer', match: 'c', value: '4' })];
    assert.equal(winningRule(rules, settings, line).value, '4');
    assert.equal(winningRule(rules.slice(0, 3), settings, line).value, '3');
    assert.equal(winningRule(rules.slice(0, 2), settings, line).value, '2');
    assert.equal(winningRule(rules.slice(0, 1), settings, line).value, '1');
    assert.deepEqual(winningRule([], { ...settings, default_markup_percent: '7' }, line), { id: 'default', scope: 'default', type: 'percent', value: '7' });
    assert.equal(winningRule([rule({ scope: 'model', match: 'm', value: '9' })], settings, line).value, '9', 'a model rule may name the model alone');
    assert.equal(winningRule([rule({ scope: 'customer', match: 'other', value: '9' })], settings, line).id, 'default', "another customer's rule does not apply");
  });
  it('8. within a scope a rule for the kind beats one for all kinds; a price per unit never prices a reported cost', () => {
    const rules = [rule({ scope: 'customer', match: 'c', kind: 'output', type: 'unit_price', value: '0.00002' }), rule({ scope: 'customer', match: 'c', value: '50' })];
    const s = statement({ rules, usage: [row({ input_tokens: 1000, input_nanos: n('0.01'), output_tokens: 1000, output_nanos: n('0.03'), other_nanos: n('1') })] });
    assert.deepEqual(s.lines.map((l) => [l.kind, formatUsd(l.amount_nanos, 2), l.rule!.type]), [['input', '0.02', 'percent'], ['output', '0.02', 'unit_price'], ['other', '1.50', 'percent']]);
    // 0.015 → 0.02 (half-even: 1.5 cents → 2), 1000 × 0.00002 = 0.02, 1 × 1.5
  });
  it('9. a platform fee, and a minimum that tops the statement up to it', () => {
    const rules = [rule({ type: 'platform_fee', value: '5' }), rule({ scope: 'customer', match: 'c', type: 'minimum', value: '20' })];
    const s = statement({ rules, usage: [row({ input_tokens: 1, input_nanos: n('3.333') })] });
    assert.deepEqual(s.lines.map((l) => [l.kind, formatUsd(l.amount_nanos, 2)]), [['input', '3.33'], ['platform_fee', '5.00'], ['minimum', '11.67']]);
    assert.equal(formatUsd(s.amount_nanos, 2), '20.00');
  });
  it('10. a minimum already reached adds nothing; the default fee and minimum come from the settings; previews have none', () => {
    const s = statement({ settings: { ...settings, platform_fee_usd: '1.005', minimum_usd: '2' }, usage: [row({ input_tokens: 1, input_nanos: n('4') })] });
    assert.deepEqual(amounts(s), ['4.00', '1.00'], 'the fee rounds half-even too: 1.005 → 1.00');
    const preview = statement({ period: null, settings: { ...settings, platform_fee_usd: '1', minimum_usd: '100' }, usage: [row({ input_tokens: 1, input_nanos: n('4') })] });
    assert.deepEqual(amounts(preview), ['4.00']);
  });
  it('11. units are lines with their own quantity; adjustments keep their original period and date', () => {
    const s = statement({
      usage: [row({ unit: 'read_units', unit_quantity: 1500, unit_nanos: n('0.024') })],
      adjustments: [{ period: '2026-09', date: '2026-09-30', rows: [row({ input_tokens: 100, input_nanos: n('0.0551') })] }],
    });
    assert.deepEqual(s.lines.map((l) => [l.kind, l.unit, l.quantity, formatUsd(l.amount_nanos, 2), l.adjustment]), [
      ['read_units', 'read_units', 1500, '0.02', null],
      ['input', 'tokens', 100, '0.06', { period: '2026-09', date: '2026-09-30' }],
    ]);
  });
  it('12. the CSV is RFC 4180 with exact decimals, and the same statement gives the same bytes', () => {
    const s = statement({ customer_id: 'acme, "inc"', usage: [row({ feature: 'a\nb', input_tokens: 3, input_nanos: 1 })] });
    const csv = statementCsv(s, 'open');
    assert.ok(csv.includes('"acme, ""inc""",2026-10,open,1,p,m,"a\nb",input,tokens,3,0.000000001,default,default,percent,0,-0.000000001,0.00,,\r\n'), csv);
    assert.equal(statementCsv(structuredClone(s), 'open'), csv);
  });
});

describe('cost parts and periods', () => {
  it('allocate shares exactly: 10 nanos in thirds → 4, 3, 3; nothing to weigh → other', () => {
    assert.deepEqual([...allocate(10, new Map([['a', 1], ['b', 1], ['c', 1]]))], [['a', 4], ['b', 3], ['c', 3]]);
    assert.deepEqual([...allocate(7, new Map())], [['other', 7]]);
  });
  it('a genai-priced call splits into kinds that add up to its cost exactly', () => {
    const tokens = new TokenPricer();
    const e = { span_type: 'llm' as const, provider: 'openai', endpoint: 'chat.completions', model: 'gpt-4o-mini', input_tokens: 1000, output_tokens: 500, cache_read_tokens: 400, cache_write_tokens: 0, reasoning_tokens: 100, units: null, reported_cost_usd: null, reported_cost_source: null, started_at: Date.UTC(2026, 9, 1) };
    const priced = priceEvent(e, tokens, null);
    const parts = costParts(e, priced, tokens, null)!;
    const sum = Object.entries(parts).reduce((s, [, v]) => s + (typeof v === 'number' ? v : 0), 0);
    assert.equal(sum, Math.round(priced.cost_usd! * 1e9));
    assert.ok(parts.input! > 0 && parts.cached_input! > 0 && parts.output! > 0 && parts.reasoning! > 0, JSON.stringify(parts));
    assert.ok(parts.cached_input! < parts.input!, 'cached input is cheaper');
  });
  it('user unit names such as __proto__ and constructor are own keys of the split; a cost beyond exact money has none', () => {
    const tokens = new TokenPricer();
    const custom = { id: 'p', provider: 'acme', model: 'm', input_per_mtok: null, output_per_mtok: null, cache_read_per_mtok: null, cache_write_per_mtok: null, unit_prices: { images: 0.5, constructor: 0.25 }, effective_from: 0, created_at: 0 };
    const units = JSON.parse('{"__proto__": 3, "constructor": 2, "images": 1}') as Record<string, number>;
    const e = { span_type: 'api' as const, provider: 'acme', model: 'm', input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, units, reported_cost_usd: null, reported_cost_source: null, started_at: 0 };
    const priced = priceEvent(e, tokens, custom);
    const parts = costParts(e, priced, tokens, custom)!;
    assert.deepEqual(Object.entries(parts.units!).sort(), [['constructor', 500_000_000], ['images', 500_000_000]]);
    assert.equal(costParts(e, { ...priced, cost_usd: 5e14 }, tokens, custom), null);
  });
  it('months in a time zone: DST, half-hour offsets, and the period an instant falls in', () => {
    const iso = (p: string, tz: string) => { const r = periodRange(p, tz); return [new Date(r.from).toISOString(), new Date(r.to).toISOString()]; };
    assert.deepEqual(iso('2026-10', 'Europe/Paris'), ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']);
    assert.deepEqual(iso('2026-11', 'Asia/Kolkata'), ['2026-10-31T18:30:00.000Z', '2026-11-30T18:30:00.000Z']);
    assert.deepEqual(iso('2026-03', 'America/New_York'), ['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
    assert.equal(periodOf(Date.parse('2026-10-31T23:30:00Z'), 'Europe/Paris'), '2026-11');
    // where a zone skips midnight on the 1st (Asunción, October 2000: 00:00 → 01:00), the month starts at the first
    // instant of its first day, and the range agrees with periodOf on both sides of the boundary
    for (const [tz, period, prev] of [['America/Asuncion', '2000-10', '2000-09'], ['America/Asuncion', '1993-10', '1993-09'], ['Europe/Berlin', '2026-11', '2026-10']] as const) {
      const { from } = periodRange(period, tz);
      assert.equal(periodOf(from, tz), period, `${tz} ${period}: its first instant`);
      assert.equal(periodOf(from - 1, tz), prev, `${tz} ${period}: the instant before`);
    }
  });
  it('a month in a time zone is read as one month, plus and minus a few hours and raw partial hours', () => {
    const { from, to } = periodRange('2026-11', 'Asia/Kolkata');
    const seg = billingSegments(from, to).map((s) => [s.source, new Date(s.from).toISOString().slice(5, 16), new Date(s.to).toISOString().slice(5, 16), s.sign]);
    assert.deepEqual(seg, [
      ['monthly', '11-01T00:00', '12-01T00:00', 1],
      ['raw', '10-31T18:30', '10-31T19:00', 1], ['hourly', '10-31T19:00', '11-01T00:00', 1],
      ['raw', '11-30T18:30', '11-30T19:00', -1], ['hourly', '11-30T19:00', '12-01T00:00', -1],
    ]);
  });
});

describe('billing store and service in process', () => {
  it('usage over raw edges equals the events; closing emits statement.closed once per statement', async () => {
    const storage = new SqliteStorage(':memory:');
    try {
      const base: Omit<StoredEventInput, 'span_id' | 'started_at' | 'customer_id'> = {
        tenant_id: 't', run_id: 'r', parent_span_id: null, span_type: 'llm', section: null, section_path: 'chat', provider: 'p', endpoint: null, model: 'm',
        input_tokens: 10, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, cache_write_1h_tokens: 0, token_details: null, reasoning_tokens: 0, units: null,
        reported_cost_usd: null, reported_cost_source: null, latency_ms: 1, status: 'ok', error: null, is_streaming: false, usage_estimated: false, metadata: null, sdk: null,
        received_at: 0, cost_usd: 0.01, cost_status: 'priced', cost_source: 'custom:x', cost_parts: { input: 10_000_000 },
      };
      // Kolkata's November starts 18:30 UTC on 31 October: 18:10 is October, 18:40 and 19:20 November
      const at = ['2026-10-31T18:10:00Z', '2026-10-31T18:40:00Z', '2026-10-31T19:20:00Z', '2026-11-15T00:00:00Z', '2026-11-30T18:20:00Z', '2026-11-30T18:45:00Z', '2026-11-30T20:00:00Z'];
      await storage.writeEvents(at.map((t, i) => ({ ...base, span_id: `s${i}`, started_at: Date.parse(t), customer_id: 'c1' })));
      const logged: string[] = [];
      const billing = new BillingService(storage, (m) => void logged.push(m));
      await billing.store('t').putSettings({ ...DEFAULT_BILLING_SETTINGS, timezone: 'Asia/Kolkata' });
      const nov = await billing.statement('t', 'c1', { period: '2026-11' });
      assert.deepEqual(nov.statement.lines.map((l) => [l.kind, l.quantity, formatUsd(l.cost_nanos)]), [['input', 40, '0.040000000']]);
      const seen: StatementClosedEvent[] = [];
      billing.onStatementClosed.push((e) => void seen.push(e));
      billing.onStatementClosed.push(() => { throw new Error('a failing listener does not undo the closing'); });
      const closed = await billing.close('t', '2026-11', Date.parse('2026-12-05T00:00:00Z'));
      assert.equal(closed.created, true);
      assert.deepEqual(seen.map((e) => [e.type, e.tenant_id, e.period, e.customer_id, e.amount_usd]), [['statement.closed', 't', '2026-11', 'c1', 0.04]]);
      assert.equal((await billing.close('t', '2026-11', Date.parse('2026-12-06T00:00:00Z'))).created, false);
      assert.equal(seen.length, 1, 'closing twice emits nothing');
      assert.match(logged.join('\n'), /a statement.closed listener failed/);
    } finally {
      await storage.close();
    }
  });
});

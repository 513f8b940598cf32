/**
 * The split of an event's stored cost by kind (pure apart from the price lookups): uncached input, cached input,
 * cache writes, output, reasoning, each non-token unit, or `other` when the cost was reported rather than computed.
 *
 * Each kind is priced alone with the same source that priced the event (the tenant's custom price, genai-prices with
 * the overlay's discount, the overlay's unit prices); those amounts are only weights: the stored cost (integer
 * nanos) is shared out in proportion to them by largest remainder, so the parts always add up exactly to the cost,
 * also for tiered prices where pricing kinds alone is not exactly linear. Reasoning tokens are output tokens: they
 * take the output cost's share in proportion to their count.
 */
import { usdToNanos } from '@llmobserve/shared';
import type { CostParts, CustomPrice, PricedCost } from '../domain/event.js';
import { DEFAULT_UNIT_PRICER, GENAI_PRICES_SOURCE, type PricingInput } from './price-event.js';
import { linearCost, type TokenPricer } from './token-prices.js';
import type { UnitPricer } from './unit-prices.js';
import { UNIT_PRICES_SOURCE } from './unit-prices.js';
import { own } from '../util/own.js';

type Weights = Map<string, number>;
const UNIT_PREFIX = 'unit:';

/** A cost that exact integer nano-dollars can hold (up to about $9,007,199 per event). */
export function fitsNanos(usd: number): boolean {
  return Number.isFinite(usd) && Number.isSafeInteger(Math.round(usd * 1e9));
}

/** Shares `total` nanos out in proportion to `weights` (largest remainder; ties to the first): exact sum. */
export function allocate(total: number, weights: Weights): Map<string, number> {
  const out = new Map<string, number>();
  let sum = 0;
  for (const w of weights.values()) if (w > 0 && Number.isFinite(w)) sum += w;
  if (total === 0) return out;
  if (sum === 0) return out.set('other', total);
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const keys: string[] = [];
  const floors: number[] = [];
  const rems: number[] = [];
  let given = 0;
  weights.forEach((w, k) => {
    if (!(w > 0) || !Number.isFinite(w)) return;
    const exact = (abs * w) / sum;
    const floor = Math.min(abs, Math.floor(exact));
    keys.push(k);
    floors.push(floor);
    given += floor;
    rems.push(exact - floor);
  });
  // the rest, one nano each, by largest remainder (a stable sort: ties to the first)
  const order = keys.length === 1 ? [0] : keys.map((_, i) => i).sort((a, b) => rems[b]! - rems[a]!);
  for (let i = 0; given < abs; i = (i + 1) % order.length, given++) floors[order[i]!]!++;
  for (let i = 0; i < keys.length; i++) out.set(keys[i]!, floors[i]! * sign);
  return out;
}

function tokenQuantities(e: PricingInput) {
  const uncached = Math.max(0, e.input_tokens - e.cache_read_tokens - e.cache_write_tokens);
  return { uncached, reasoning: Math.min(e.reasoning_tokens, e.output_tokens) };
}

function customWeights(e: PricingInput, p: CustomPrice, w: Weights): void {
  const { uncached } = tokenQuantities(e);
  const input = p.input_per_mtok ?? 0;
  if (p.input_per_mtok !== null || p.output_per_mtok !== null) {
    w.set('input', uncached * input);
    w.set('cached_input', e.cache_read_tokens * (p.cache_read_per_mtok ?? input));
    w.set('cache_write', e.cache_write_tokens * (p.cache_write_per_mtok ?? input));
    w.set('output', e.output_tokens * (p.output_per_mtok ?? 0));
  }
  if (e.units && p.unit_prices) {
    for (const [unit, amount] of Object.entries(e.units)) {
      const price = own(p.unit_prices, unit);
      if (price !== undefined) w.set(UNIT_PREFIX + unit, amount * price * 1e6);
    }
  }
}

function genaiWeights(e: PricingInput, tokens: TokenPricer, overlay: UnitPricer, w: Weights): void {
  const { uncached } = tokenQuantities(e);
  const rates = e.model === null ? null : tokens.linearRates(e.provider, e.model);
  // Each kind priced alone; a flat price table by its rates (what tokens.price computes, without building a usage).
  const price = (input: number, cacheRead: number, cacheWrite: number, write1h: number, output: number) =>
    e.model === null ? 0
      : rates !== null ? linearCost(rates, input, cacheRead, cacheWrite, write1h, output)
      : (tokens.price(e.provider, e.model, { input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, cache_write_1h_tokens: write1h, reasoning_tokens: 0 }, e.started_at)?.cost_usd ?? 0);
  const mult = overlay.tokenMultiplier(e.provider, e.endpoint ?? null);
  if (uncached > 0) w.set('input', price(uncached, 0, 0, 0, 0) * mult * 1e6);
  if (e.cache_read_tokens > 0) w.set('cached_input', price(e.cache_read_tokens, e.cache_read_tokens, 0, 0, 0) * mult * 1e6);
  if (e.cache_write_tokens > 0) w.set('cache_write', price(e.cache_write_tokens, 0, e.cache_write_tokens, e.cache_write_1h_tokens ?? 0, 0) * mult * 1e6);
  if (e.output_tokens > 0) w.set('output', price(0, 0, 0, 0, e.output_tokens) * mult * 1e6);
  unitWeights(e, overlay, w);
}

function unitWeights(e: PricingInput, overlay: UnitPricer, w: Weights): void {
  if (!e.units) return;
  for (const [unit, amount] of Object.entries(e.units)) {
    if (!(amount > 0)) continue;
    const c = overlay.price(e.provider, e.endpoint ?? null, e.model, { [unit]: amount });
    if (c !== null) w.set(UNIT_PREFIX + unit, c.cost_usd * 1e6);
  }
}

/** The cost split of an event priced as `priced` (null when it has no cost). */
export function costParts(
  e: PricingInput,
  priced: PricedCost,
  tokens: TokenPricer,
  custom: CustomPrice | null,
  overlay: UnitPricer = DEFAULT_UNIT_PRICER,
): CostParts | null {
  if (priced.cost_usd === null || !fitsNanos(priced.cost_usd)) return null;
  const total = usdToNanos(priced.cost_usd);
  const w: Weights = new Map();
  const source = priced.cost_source ?? '';
  if (custom !== null && source === `custom:${custom.id}`) customWeights(e, custom, w);
  else if (source.startsWith(GENAI_PRICES_SOURCE)) genaiWeights(e, tokens, overlay, w);
  else if (source === UNIT_PRICES_SOURCE) unitWeights(e, overlay, w);
  const shares = allocate(total, w);
  // reasoning tokens are output tokens: they take the output's share in proportion to their count
  const { reasoning } = tokenQuantities(e);
  const out = shares.get('output');
  if (out !== undefined && reasoning > 0 && e.output_tokens > 0) {
    const r = allocate(out, new Map([['output', e.output_tokens - reasoning], ['reasoning', reasoning]]));
    shares.set('output', r.get('output') ?? 0);
    shares.set('reasoning', r.get('reasoning') ?? 0);
  }
  const parts: CostParts = {};
  const units: [string, number][] = [];
  for (const [k, v] of shares) {
    if (v === 0) continue;
    if (k.startsWith(UNIT_PREFIX)) units.push([k.slice(UNIT_PREFIX.length), v]);
    else parts[k as Exclude<keyof CostParts, 'units'>] = v;
  }
  // fromEntries defines own properties, also for unit names such as `__proto__`
  if (units.length > 0) parts.units = Object.fromEntries(units);
  return parts;
}

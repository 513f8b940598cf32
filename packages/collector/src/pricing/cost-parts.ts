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
import { linearCost, type LinearRates, type TokenPricer } from './token-prices.js';
import type { UnitPricer } from './unit-prices.js';
import { UNIT_PRICES_SOURCE } from './unit-prices.js';
import { own } from '../util/own.js';

/**
 * Kinds and their weights in the order they were set (what a Map would hold, in two small arrays: the ingest path
 * splits every event, and Maps, tuples and sorts were most of what it allocated). Each kind is set at most once.
 */
interface Weights {
  keys: string[];
  values: number[];
}
const put = (w: Weights, kind: string, weight: number) => {
  w.keys.push(kind);
  w.values.push(weight);
};
const UNIT_PREFIX = 'unit:';

/** A cost that exact integer nano-dollars can hold (up to about $9,007,199 per event). */
export function fitsNanos(usd: number): boolean {
  return Number.isFinite(usd) && Number.isSafeInteger(Math.round(usd * 1e9));
}

const weighs = (w: number) => w > 0 && Number.isFinite(w);

/**
 * Largest remainder: per weight (in order) its share of `total` nanos (not 0), NaN for a weight that is not positive
 * and finite (it takes no part); the rest after the floors goes one nano each by largest remainder, ties to the
 * first. Null when no weight takes part. The shares add up exactly to `total`.
 */
function shareOut(total: number, weights: readonly number[]): number[] | null {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) if (weighs(weights[i]!)) sum += weights[i]!;
  if (sum === 0) return null;
  const abs = Math.abs(total);
  if (n > rems.length) {
    rems = new Float64Array(2 * n);
    order = new Int32Array(2 * n);
  }
  const shares = new Array<number>(n);
  // the taking part, by remainder, largest first (an insertion sort: stable, and the lists are a handful long)
  let taking = 0;
  let given = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!weighs(w)) {
      shares[i] = Number.NaN;
      continue;
    }
    const exact = (abs * w) / sum;
    const floor = Math.min(abs, Math.floor(exact));
    shares[i] = floor;
    given += floor;
    const rem = (rems[i] = exact - floor);
    let j = taking++;
    while (j > 0 && rems[order[j - 1]!]! < rem) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  for (let k = 0; given < abs; k = (k + 1) % taking, given++) shares[order[k]!]!++;
  if (total < 0) for (let i = 0; i < n; i++) shares[i] = -shares[i]!;
  return shares;
}
/** shareOut's scratch (it runs to completion, never re-entered): remainders and the order of the taking part. */
let rems = new Float64Array(16);
let order = new Int32Array(16);

/** Shares `total` nanos out in proportion to `weights` (largest remainder; ties to the first): exact sum. */
export function allocate(total: number, weights: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  if (total === 0) return out;
  const keys = [...weights.keys()];
  const shares = shareOut(total, [...weights.values()]);
  if (shares === null) return out.set('other', total);
  for (let i = 0; i < keys.length; i++) if (!Number.isNaN(shares[i])) out.set(keys[i]!, shares[i]!);
  return out;
}

const uncachedOf = (e: PricingInput) => Math.max(0, e.input_tokens - e.cache_read_tokens - e.cache_write_tokens);

function customWeights(e: PricingInput, p: CustomPrice, w: Weights): void {
  const uncached = uncachedOf(e);
  const input = p.input_per_mtok ?? 0;
  if (p.input_per_mtok !== null || p.output_per_mtok !== null) {
    put(w, 'input', uncached * input);
    put(w, 'cached_input', e.cache_read_tokens * (p.cache_read_per_mtok ?? input));
    put(w, 'cache_write', e.cache_write_tokens * (p.cache_write_per_mtok ?? input));
    put(w, 'output', e.output_tokens * (p.output_per_mtok ?? 0));
  }
  if (e.units && p.unit_prices) {
    for (const [unit, amount] of Object.entries(e.units)) {
      const price = own(p.unit_prices, unit);
      if (price !== undefined) put(w, UNIT_PREFIX + unit, amount * price * 1e6);
    }
  }
}

/** One kind's price alone: a flat price table by its rates (what tokens.price computes, without building a usage). */
function kindPrice(e: PricingInput, tokens: TokenPricer, rates: Readonly<LinearRates> | null, input: number, cacheRead: number, cacheWrite: number, write1h: number, output: number): number {
  if (e.model === null) return 0;
  if (rates !== null) return linearCost(rates, input, cacheRead, cacheWrite, write1h, output);
  const usage = { input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, cache_write_1h_tokens: write1h, reasoning_tokens: 0 };
  return tokens.price(e.provider, e.model, usage, e.started_at)?.cost_usd ?? 0;
}

function genaiWeights(e: PricingInput, tokens: TokenPricer, overlay: UnitPricer, w: Weights): void {
  const uncached = uncachedOf(e);
  const rates = e.model === null ? null : tokens.linearRates(e.provider, e.model);
  const mult = overlay.tokenMultiplier(e.provider, e.endpoint ?? null);
  if (uncached > 0) put(w, 'input', kindPrice(e, tokens, rates, uncached, 0, 0, 0, 0) * mult * 1e6);
  if (e.cache_read_tokens > 0) put(w, 'cached_input', kindPrice(e, tokens, rates, e.cache_read_tokens, e.cache_read_tokens, 0, 0, 0) * mult * 1e6);
  if (e.cache_write_tokens > 0) put(w, 'cache_write', kindPrice(e, tokens, rates, e.cache_write_tokens, 0, e.cache_write_tokens, e.cache_write_1h_tokens ?? 0, 0) * mult * 1e6);
  if (e.output_tokens > 0) put(w, 'output', kindPrice(e, tokens, rates, 0, 0, 0, 0, e.output_tokens) * mult * 1e6);
  unitWeights(e, overlay, w);
}

function unitWeights(e: PricingInput, overlay: UnitPricer, w: Weights): void {
  if (!e.units) return;
  for (const [unit, amount] of Object.entries(e.units)) {
    if (!(amount > 0)) continue;
    const c = overlay.price(e.provider, e.endpoint ?? null, e.model, { [unit]: amount });
    if (c !== null) put(w, UNIT_PREFIX + unit, c.cost_usd * 1e6);
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
  const w: Weights = { keys: [], values: [] };
  const source = priced.cost_source ?? '';
  if (custom !== null && source === `custom:${custom.id}`) customWeights(e, custom, w);
  else if (source.startsWith(GENAI_PRICES_SOURCE)) genaiWeights(e, tokens, overlay, w);
  else if (source === UNIT_PRICES_SOURCE) unitWeights(e, overlay, w);
  const parts: CostParts = {};
  if (total === 0) return parts;
  const shares = shareOut(total, w.values);
  if (shares === null) {
    parts.other = total;
    return parts;
  }
  // reasoning tokens are output tokens: they take the output's share in proportion to their count
  const reasoning = Math.min(e.reasoning_tokens, e.output_tokens);
  const o = w.keys.indexOf('output');
  let reasoningShare = 0;
  if (o >= 0 && !Number.isNaN(shares[o]) && reasoning > 0 && e.output_tokens > 0) {
    const out = shares[o]!;
    const r = out === 0 ? null : shareOut(out, [e.output_tokens - reasoning, reasoning]);
    shares[o] = r === null || Number.isNaN(r[0]) ? 0 : r[0]!;
    reasoningShare = r === null ? 0 : r[1]!;
  }
  let units: [string, number][] | null = null;
  for (let i = 0; i < w.keys.length; i++) {
    const k = w.keys[i]!;
    const v = shares[i]!;
    if (v === 0 || Number.isNaN(v)) continue;
    if (k.startsWith(UNIT_PREFIX)) (units ??= []).push([k.slice(UNIT_PREFIX.length), v]);
    else parts[k as Exclude<keyof CostParts, 'units'>] = v;
  }
  if (reasoningShare !== 0) parts.reasoning = reasoningShare;
  // fromEntries defines own properties, also for unit names such as `__proto__`
  if (units !== null) parts.units = Object.fromEntries(units);
  return parts;
}

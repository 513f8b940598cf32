/**
 * Token prices from @pydantic/genai-prices, behind a memo.
 *
 * `calcPrice` resolves provider and model on every call (~8 µs), too slow for an ingest path that must sustain
 * 50,000 events/s. Most models have a flat price table (plain numbers, no tiers, no time-of-day conditions): for
 * those the price is linear in the canonical usage, so we ask genai-prices once per (provider, model) for the
 * per-token rate of each usage part and then price with four multiplications. Models with tiered or conditional
 * prices always go through `calcPrice` itself. A test checks the fast path against `calcPrice` model by model.
 *
 * Usage with token details of other modalities (audio, image, video tokens, priced at their own rates where the
 * model has them) also goes through `calcPrice`: such calls are rare, and their rates depend on the model's table.
 */
import { calcPrice, type ModelInfo } from '@pydantic/genai-prices';
import { positiveTokenDetails, type CanonicalUsage, type TokenDetails } from '@llmobserve/shared';

export { GENAI_PRICES_VERSION } from '../version.js';

export interface TokenPrice {
  cost_usd: number;
  /** The model id genai-prices matched, e.g. `gpt-4o-mini` for `gpt-4o-mini-2024-07-18`. */
  matched_model: string;
  matched_provider: string;
}

export interface LinearRates {
  kind: 'linear';
  input: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
  output: number;
  model: string;
  provider: string;
}
interface SlowPath {
  kind: 'slow';
  modelId: string;
  providerId: string | undefined;
  model: string;
  provider: string;
}
type Resolution = LinearRates | SlowPath | null;

const MTOK = 1_000_000;
const MAX_MEMO = 20_000;

function isFlatPriceTable(model: ModelInfo): boolean {
  return !Array.isArray(model.prices) && Object.values(model.prices).every((v) => v === undefined || typeof v === 'number');
}

function toGenaiUsage(u: CanonicalUsage): Record<string, number> {
  // genai-prices uses the same convention as ours: input_tokens includes cache reads and writes, and
  // cache_write_tokens the 1-hour writes (cache_write_1h_tokens), priced at cache_write_1h_mtok where a model has it.
  const g: Record<string, number> = {
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    cache_read_tokens: u.cache_read_tokens,
    cache_write_tokens: u.cache_write_tokens,
  };
  if ((u.cache_write_1h_tokens ?? 0) > 0) g.cache_write_1h_tokens = u.cache_write_1h_tokens!;
  if (u.token_details) for (const k in u.token_details) g[k] = u.token_details[k as keyof TokenDetails]!;
  return g;
}

/** Usage without its input modality details: what genai-prices can always price (text rates). */
function withoutInputDetails(u: CanonicalUsage): CanonicalUsage {
  const d = u.token_details;
  if (!d) return u;
  const { output_audio_tokens, output_image_tokens } = d;
  return { ...u, token_details: positiveTokenDetails({ output_audio_tokens, output_image_tokens }) ?? null };
}

/** Cost of a usage under a flat price table (input includes cache reads and writes, cache writes the 1-hour ones). */
export function linearCost(rates: Readonly<LinearRates>, input: number, cacheRead: number, cacheWrite: number, write1h: number, output: number): number {
  const uncached = input - cacheRead - cacheWrite;
  return uncached * rates.input + cacheRead * rates.cacheRead + (cacheWrite - write1h) * rates.cacheWrite + write1h * rates.cacheWrite1h + output * rates.output;
}

export class TokenPricer {
  /** Per provider ('' for none), per model: no key string is built on the ingest path. */
  private readonly memo = new Map<string, Map<string, Resolution>>();
  private memoSize = 0;

  /** Cost of the usage, or null when genai-prices does not know the model. */
  /** @param atMs when the call happened (epoch ms): time-dependent prices use it. */
  price(provider: string | null, model: string, usage: CanonicalUsage, atMs: number): TokenPrice | null {
    const res = this.resolve(provider, model);
    if (res === null) return null;
    if (usage.token_details) return this.priceDetailed(res, usage, atMs);
    if (res.kind === 'linear') {
      const cost = linearCost(res, usage.input_tokens, usage.cache_read_tokens, usage.cache_write_tokens, usage.cache_write_1h_tokens ?? 0, usage.output_tokens);
      return { cost_usd: cost, matched_model: res.model, matched_provider: res.provider };
    }
    const r = calcPrice(toGenaiUsage(usage), res.modelId, { providerId: res.providerId, timestamp: new Date(atMs) });
    if (!r) return null;
    return { cost_usd: r.total_price, matched_model: r.model.id, matched_provider: r.provider.id };
  }

  /**
   * Usage with modality details, priced by calcPrice. genai-prices refuses input details whose overlap with cache
   * reads is not given (e.g. audio input and cache reads without cache_audio_read_tokens): those are then priced
   * without the input details (at the text rate), never left unpriced.
   */
  private priceDetailed(res: LinearRates | SlowPath, usage: CanonicalUsage, atMs: number): TokenPrice | null {
    const modelId = res.kind === 'slow' ? res.modelId : res.model;
    const providerId = res.provider;
    const at = { providerId, timestamp: new Date(atMs) };
    let r: ReturnType<typeof calcPrice> = null;
    for (const u of [usage, withoutInputDetails(usage), { ...usage, token_details: null }]) {
      try {
        r = calcPrice(toGenaiUsage(u), modelId, at);
        break;
      } catch {
        /* genai-prices refused this breakdown: try a coarser one */
      }
    }
    if (!r) return null;
    return { cost_usd: r.total_price, matched_model: r.model.id, matched_provider: r.provider.id };
  }

  /** Bypasses the memo: the reference the fast path is tested against. */
  static reference(provider: string | null, model: string, usage: CanonicalUsage, atMs: number): number | null {
    const r = calcPrice(toGenaiUsage(usage), model, { providerId: provider ?? undefined, timestamp: new Date(atMs) });
    return r ? r.total_price : null;
  }

  /**
   * The per-token rates of a model with a flat price table (what `price` multiplies usage without token details
   * by), or null for a model genai-prices prices otherwise or does not know.
   */
  linearRates(provider: string | null, model: string): Readonly<LinearRates> | null {
    const res = this.resolve(provider, model);
    return res !== null && res.kind === 'linear' ? res : null;
  }

  private resolve(provider: string | null, model: string): Resolution {
    let models = this.memo.get(provider ?? '');
    const hit = models?.get(model);
    if (hit !== undefined) return hit;
    const res = this.resolveUncached(provider, model);
    if (this.memoSize >= MAX_MEMO) {
      this.memo.clear();
      this.memoSize = 0;
      models = undefined;
    }
    if (models === undefined) this.memo.set(provider ?? '', (models = new Map()));
    models.set(model, res);
    this.memoSize++;
    return res;
  }

  private resolveUncached(provider: string | null, model: string): Resolution {
    const providerId = provider ?? undefined;
    const probe = (u: Partial<CanonicalUsage>) => calcPrice(u as Record<string, number>, model, { providerId });
    const base = probe({ input_tokens: MTOK });
    if (!base) return null;
    const names = { model: base.model.id, provider: base.provider.id };
    if (!isFlatPriceTable(base.model)) return { kind: 'slow', modelId: model, providerId, ...names };
    const rate = (u: Partial<CanonicalUsage>) => (probe(u)?.total_price ?? 0) / MTOK;
    return {
      kind: 'linear',
      input: base.total_price / MTOK,
      cacheRead: rate({ input_tokens: MTOK, cache_read_tokens: MTOK }),
      cacheWrite: rate({ input_tokens: MTOK, cache_write_tokens: MTOK }),
      cacheWrite1h: rate({ input_tokens: MTOK, cache_write_tokens: MTOK, cache_write_1h_tokens: MTOK }),
      output: rate({ output_tokens: MTOK }),
      ...names,
    };
  }
}

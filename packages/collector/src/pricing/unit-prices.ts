/**
 * Our own versioned price overlay for what @pydantic/genai-prices does not price: non-token units (vector-DB read
 * and write units, audio seconds, characters, images, searches, requests) and discounts on token prices (batch
 * APIs). Every entry names the page its price comes from and the date it was checked against it; bump `version`
 * with every change (it is recorded in each stored event's `cost_source`).
 *
 * Matching: `provider` exactly; `endpoint` exactly when given (else any); `model` exactly, or as a prefix when it
 * ends with `*` (else any); `plan` only when the collector runs with that plan for the provider
 * (LLMOBSERVE_PRICE_PLANS="pinecone=enterprise"; default: the entry marked `default_plan`). The most specific
 * matching entry wins (endpoint, then model, then the longer model prefix).
 */
import { own } from '../util/own.js';

export interface UnitPriceEntry {
  provider: string;
  endpoint?: string;
  model?: string;
  plan?: string;
  default_plan?: boolean;
  /** The unit key as the SDK sends it in `units`. */
  unit: string;
  usd_per_unit: number;
  source_url: string;
  /** YYYY-MM-DD */
  checked_on: string;
  note?: string;
}

export interface TokenDiscountEntry {
  provider: string;
  endpoint: string;
  /** Multiplies the token cost (0.5 = 50 % off). */
  token_multiplier: number;
  source_url: string;
  checked_on: string;
}

export const UNIT_PRICES_VERSION = '2026-11-28.2';

const PINECONE = 'https://www.pinecone.io/pricing/';
const OPENAI = 'https://openai.com/api/pricing/';
const ANTHROPIC = 'https://docs.anthropic.com/en/docs/about-claude/pricing';
const COHERE = 'https://cohere.com/pricing';
const PINECONE_REGIONS =
  'list price on AWS us-east-1; other clouds and regions cost up to 12.5 % more (set a custom price for yours)';
const DALLE_REMOVED = 'model removed from the API on 2026-05-12; kept to price earlier events';

export const UNIT_PRICES: readonly UnitPriceEntry[] = [
  // Pinecone serverless: read units / write units, by plan
  // (the API reports read units for query/fetch/list; no response reports write units: the SDK estimates them)
  { provider: 'pinecone', plan: 'standard', default_plan: true, unit: 'read_units', usd_per_unit: 16 / 1e6, source_url: PINECONE, checked_on: '2026-11-28', note: PINECONE_REGIONS },
  { provider: 'pinecone', plan: 'standard', default_plan: true, unit: 'write_units', usd_per_unit: 4 / 1e6, source_url: PINECONE, checked_on: '2026-11-28', note: PINECONE_REGIONS },
  { provider: 'pinecone', plan: 'enterprise', unit: 'read_units', usd_per_unit: 24 / 1e6, source_url: PINECONE, checked_on: '2026-11-28', note: PINECONE_REGIONS },
  { provider: 'pinecone', plan: 'enterprise', unit: 'write_units', usd_per_unit: 6 / 1e6, source_url: PINECONE, checked_on: '2026-11-28', note: PINECONE_REGIONS },
  // Pinecone inference
  { provider: 'pinecone', endpoint: 'inference.embed', model: 'multilingual-e5-large', unit: 'embed_tokens', usd_per_unit: 0.08 / 1e6, source_url: PINECONE, checked_on: '2026-11-28' },
  { provider: 'pinecone', endpoint: 'inference.embed', model: 'llama-text-embed-v2', unit: 'embed_tokens', usd_per_unit: 0.16 / 1e6, source_url: PINECONE, checked_on: '2026-11-28', note: 'not confirmed first-hand: copies of the pricing page disagree ($0.16 and $0.08 per 1M)' },
  { provider: 'pinecone', endpoint: 'inference.rerank', model: 'bge-reranker-v2-m3', unit: 'rerank_units', usd_per_unit: 2 / 1000, source_url: PINECONE, checked_on: '2026-11-28', note: 'not confirmed first-hand' },
  { provider: 'pinecone', endpoint: 'inference.rerank', model: 'cohere-rerank-3.5', unit: 'rerank_units', usd_per_unit: 2 / 1000, source_url: PINECONE, checked_on: '2026-11-28', note: 'not confirmed first-hand' },

  // OpenAI images: per image, by model, size and quality (unit images_<size>_<quality>)
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-3', unit: 'images_1024x1024_standard', usd_per_unit: 0.04, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-3', unit: 'images_1024x1792_standard', usd_per_unit: 0.08, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-3', unit: 'images_1792x1024_standard', usd_per_unit: 0.08, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-3', unit: 'images_1024x1024_hd', usd_per_unit: 0.08, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-3', unit: 'images_1024x1792_hd', usd_per_unit: 0.12, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-3', unit: 'images_1792x1024_hd', usd_per_unit: 0.12, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-2', unit: 'images_1024x1024_standard', usd_per_unit: 0.02, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-2', unit: 'images_512x512_standard', usd_per_unit: 0.018, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  { provider: 'openai', endpoint: 'images.generations', model: 'dall-e-2', unit: 'images_256x256_standard', usd_per_unit: 0.016, source_url: OPENAI, checked_on: '2026-11-28', note: DALLE_REMOVED },
  // OpenAI audio: transcription/translation per minute (billed by the second), speech per character
  { provider: 'openai', endpoint: 'audio.transcriptions', model: 'whisper-1', unit: 'audio_seconds', usd_per_unit: 0.006 / 60, source_url: OPENAI, checked_on: '2026-11-28' },
  { provider: 'openai', endpoint: 'audio.translations', model: 'whisper-1', unit: 'audio_seconds', usd_per_unit: 0.006 / 60, source_url: OPENAI, checked_on: '2026-11-28' },
  { provider: 'openai', endpoint: 'audio.speech', model: 'tts-1', unit: 'characters', usd_per_unit: 15 / 1e6, source_url: OPENAI, checked_on: '2026-11-28' },
  { provider: 'openai', endpoint: 'audio.speech', model: 'tts-1-hd', unit: 'characters', usd_per_unit: 30 / 1e6, source_url: OPENAI, checked_on: '2026-11-28' },
  // OpenAI moderations are free
  { provider: 'openai', endpoint: 'moderations', unit: 'requests', usd_per_unit: 0, source_url: 'https://platform.openai.com/docs/guides/moderation', checked_on: '2026-11-28', note: 'free' },

  // Anthropic server tools
  { provider: 'anthropic', unit: 'web_search_requests', usd_per_unit: 10 / 1000, source_url: ANTHROPIC, checked_on: '2026-11-28' },
  // Cohere rerank: per search unit (a query with up to 100 documents)
  { provider: 'cohere', endpoint: 'rerank', model: 'rerank-v3.5', unit: 'search_units', usd_per_unit: 2 / 1000, source_url: COHERE, checked_on: '2026-11-28' },
  { provider: 'cohere', endpoint: 'rerank', model: 'rerank-english-v3.0', unit: 'search_units', usd_per_unit: 2 / 1000, source_url: COHERE, checked_on: '2026-11-28', note: 'not confirmed first-hand (as rerank-v3.5)' },
  { provider: 'cohere', endpoint: 'rerank', model: 'rerank-multilingual-v3.0', unit: 'search_units', usd_per_unit: 2 / 1000, source_url: COHERE, checked_on: '2026-11-28', note: 'not confirmed first-hand (as rerank-v3.5)' },
  { provider: 'cohere', endpoint: 'rerank', model: 'rerank-v4.0-fast', unit: 'search_units', usd_per_unit: 2 / 1000, source_url: COHERE, checked_on: '2026-11-28', note: 'from a third-party copy of the pricing page (June 2026)' },
  { provider: 'cohere', endpoint: 'rerank', model: 'rerank-v4.0-pro', unit: 'search_units', usd_per_unit: 2.5 / 1000, source_url: COHERE, checked_on: '2026-11-28', note: 'from a third-party copy of the pricing page (June 2026)' },
];

export const TOKEN_DISCOUNTS: readonly TokenDiscountEntry[] = [
  { provider: 'openai', endpoint: 'batch', token_multiplier: 0.5, source_url: 'https://platform.openai.com/docs/guides/batch', checked_on: '2026-11-28' },
  { provider: 'anthropic', endpoint: 'messages.batches', token_multiplier: 0.5, source_url: ANTHROPIC, checked_on: '2026-11-28' },
];

/** Plans in force per provider, from `LLMOBSERVE_PRICE_PLANS` ("pinecone=enterprise,other=plan"). */
export function parsePlans(spec: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (spec ?? '').split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (k && v) out.set(k, v);
  }
  return out;
}

export interface UnitCost {
  cost_usd: number;
}

function specificity(e: UnitPriceEntry): number {
  return (e.endpoint !== undefined ? 10_000 : 0) + (e.model === undefined ? 0 : e.model.endsWith('*') ? e.model.length : 5000);
}

function modelMatches(pattern: string | undefined, model: string | null): boolean {
  if (pattern === undefined) return true;
  if (model === null) return false;
  return pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : model === pattern;
}

/** The overlay, indexed by provider. */
export class UnitPricer {
  private readonly byProvider = new Map<string, UnitPriceEntry[]>();
  /** Per provider, per endpoint. */
  private readonly discounts = new Map<string, Map<string, number>>();

  constructor(
    entries: readonly UnitPriceEntry[] = UNIT_PRICES,
    discounts: readonly TokenDiscountEntry[] = TOKEN_DISCOUNTS,
    plans: ReadonlyMap<string, string> = parsePlans(process.env.LLMOBSERVE_PRICE_PLANS),
  ) {
    for (const e of entries) {
      if (e.plan !== undefined) {
        const chosen = plans.get(e.provider);
        if (chosen === undefined ? !e.default_plan : chosen !== e.plan) continue;
      }
      const list = this.byProvider.get(e.provider) ?? [];
      list.push(e);
      this.byProvider.set(e.provider, list);
    }
    for (const list of this.byProvider.values()) list.sort((a, b) => specificity(b) - specificity(a));
    for (const d of discounts) {
      const byEndpoint = this.discounts.get(d.provider) ?? new Map<string, number>();
      byEndpoint.set(d.endpoint, d.token_multiplier);
      this.discounts.set(d.provider, byEndpoint);
    }
  }

  /** The entry pricing one unit of this call, or null. */
  find(provider: string | null, endpoint: string | null, model: string | null, unit: string): UnitPriceEntry | null {
    if (provider === null) return null;
    const list = this.byProvider.get(provider);
    if (!list) return null;
    for (const e of list) {
      if (e.unit !== unit) continue;
      if (e.endpoint !== undefined && e.endpoint !== endpoint) continue;
      if (!modelMatches(e.model, model)) continue;
      return e;
    }
    return null;
  }

  /**
   * Cost of all positive units of a call; null when any of them has no price (the event is then not priced by
   * the overlay: never a partial, silently low cost).
   */
  price(provider: string | null, endpoint: string | null, model: string | null, units: Record<string, number>): UnitCost | null {
    let cost = 0;
    let any = false;
    for (const unit in units) {
      const amount = own(units, unit) ?? 0;
      if (!(amount > 0)) continue;
      const e = this.find(provider, endpoint, model, unit);
      if (e === null) return null;
      cost += amount * e.usd_per_unit;
      any = true;
    }
    return any ? { cost_usd: cost } : null;
  }

  /** Token-price multiplier for this provider and endpoint (batch APIs), 1 when none. */
  tokenMultiplier(provider: string | null, endpoint: string | null): number {
    if (provider === null || endpoint === null || this.discounts.size === 0) return 1;
    return this.discounts.get(provider)?.get(endpoint) ?? 1;
  }
}

export const UNIT_PRICES_SOURCE = `overlay@${UNIT_PRICES_VERSION}`;

/**
 * Decides the stored cost of one event and records where it came from (pure apart from the price lookup).
 *
 * Order of precedence:
 *  1. structural spans (section/agent/tool) have no cost of their own            → not_applicable
 *  2. a cost the provider itself reported (cost_source=provider, or OpenRouter)  → reported / provider
 *  3. the tenant's custom price for the model, when one is in effect             → priced / custom:<price id>
 *  4. token usage priced by genai-prices                                         → priced / genai-prices@x
 *  5. a cost the SDK or the user reported, when we cannot price it ourselves     → reported / sdk|manual
 *  6. a call that consumed nothing (no tokens, no units)                         → priced 0 / no_usage
 *  7. anything else                                                               → unpriced, cost null (never a silent 0)
 * The non-token unit overlay (vector-DB units, audio, characters) slots in before step 4 (a later issue).
 */
import { STRUCTURAL_SPAN_TYPES, type CanonicalUsage, type SpanType } from '@llmobserve/shared';
import { GENAI_PRICES_VERSION, type TokenPricer } from './token-prices.js';
import { customCost } from './custom-prices.js';
import type { CustomPrice } from '../storage/types.js';

export type CostStatus = 'priced' | 'reported' | 'unpriced' | 'not_applicable';

export interface PricingInput extends CanonicalUsage {
  span_type: SpanType;
  provider: string | null;
  model: string | null;
  units: Record<string, number> | null;
  reported_cost_usd: number | null;
  reported_cost_source: 'provider' | 'sdk' | 'manual' | null;
  started_at: number;
}

export interface PricedCost {
  cost_usd: number | null;
  cost_status: CostStatus;
  cost_source: string | null;
}

/** Providers whose API returns the exact charged cost; we keep it rather than re-price. */
const PROVIDERS_REPORTING_COST = new Set(['openrouter']);

export const GENAI_PRICES_SOURCE = `genai-prices@${GENAI_PRICES_VERSION}`;

function hasTokens(e: CanonicalUsage): boolean {
  return e.input_tokens > 0 || e.output_tokens > 0;
}

function hasUnits(units: Record<string, number> | null): boolean {
  if (!units) return false;
  for (const k in units) if ((units[k] ?? 0) > 0) return true;
  return false;
}

export function priceEvent(e: PricingInput, tokens: TokenPricer, custom: CustomPrice | null = null): PricedCost {
  if (STRUCTURAL_SPAN_TYPES.has(e.span_type)) return { cost_usd: null, cost_status: 'not_applicable', cost_source: null };

  const reported = e.reported_cost_usd;
  if (reported !== null && (e.reported_cost_source === 'provider' || (e.provider !== null && PROVIDERS_REPORTING_COST.has(e.provider)))) {
    return { cost_usd: reported, cost_status: 'reported', cost_source: 'provider' };
  }

  if (custom !== null) {
    const cost = customCost(e, e.units, custom);
    if (cost !== null) return { cost_usd: cost, cost_status: 'priced', cost_source: `custom:${custom.id}` };
  }

  if (hasTokens(e) && e.model !== null) {
    const p = tokens.price(e.provider, e.model, e, e.started_at);
    if (p !== null) return { cost_usd: p.cost_usd, cost_status: 'priced', cost_source: GENAI_PRICES_SOURCE };
  }

  if (reported !== null) return { cost_usd: reported, cost_status: 'reported', cost_source: e.reported_cost_source ?? 'sdk' };

  if (!hasTokens(e) && !hasUnits(e.units)) return { cost_usd: 0, cost_status: 'priced', cost_source: 'no_usage' };

  return { cost_usd: null, cost_status: 'unpriced', cost_source: null };
}

/**
 * Decides the stored cost of one event and records where it came from (pure apart from the price lookup).
 *
 * Order of precedence:
 *  1. structural spans (section/agent/tool) have no cost of their own            → not_applicable
 *  2. a cost the provider itself reported (cost_source=provider, or OpenRouter)  → reported / provider
 *  3. the tenant's custom price for the model, when one is in effect             → priced / custom:<price id>
 *  4. token usage priced by genai-prices (times a batch discount of the overlay), plus its units priced by the
 *     overlay when it has any                                                     → priced / genai-prices@x[+overlay@v]
 *  5. units only, every one priced by our overlay (unit-prices.ts)               → priced / overlay@v
 *  6. a cost the SDK or the user reported, when we cannot price it ourselves     → reported / sdk|manual
 *  7. a call that consumed nothing (no tokens, no units)                         → priced 0 / no_usage
 *  8. anything else                                                               → unpriced, cost null (never a silent 0)
 * A unit the overlay has no price for leaves the whole event unpriced (or at its reported cost), never partly priced.
 */
import { STRUCTURAL_SPAN_TYPES, type CanonicalUsage, type SpanType } from '@llmobserve/shared';
import { GENAI_PRICES_VERSION, type TokenPricer } from './token-prices.js';
import { customCost } from './custom-prices.js';
import type { CostStatus, CustomPrice, PricedCost } from '../domain/event.js';

export type { CostStatus, PricedCost };
import { UnitPricer, UNIT_PRICES_SOURCE } from './unit-prices.js';
import { own } from '../util/own.js';


export interface PricingInput extends CanonicalUsage {
  span_type: SpanType;
  provider: string | null;
  /** Optional for callers that price usage without an endpoint (then endpoint-specific overlay entries never match). */
  endpoint?: string | null;
  model: string | null;
  units: Record<string, number> | null;
  reported_cost_usd: number | null;
  reported_cost_source: 'provider' | 'sdk' | 'manual' | null;
  started_at: number;
}


/** Providers whose API returns the exact charged cost; we keep it rather than re-price. */
const PROVIDERS_REPORTING_COST = new Set(['openrouter']);

export const GENAI_PRICES_SOURCE = `genai-prices@${GENAI_PRICES_VERSION}`;

function hasTokens(e: CanonicalUsage): boolean {
  return e.input_tokens > 0 || e.output_tokens > 0;
}

function hasUnits(units: Record<string, number> | null): boolean {
  if (!units) return false;
  for (const k in units) if ((own(units, k) ?? 0) > 0) return true;
  return false;
}

/** The overlay in force (plans from LLMOBSERVE_PRICE_PLANS, read once). */
export const DEFAULT_UNIT_PRICER = new UnitPricer();

export function priceEvent(
  e: PricingInput,
  tokens: TokenPricer,
  custom: CustomPrice | null = null,
  overlay: UnitPricer = DEFAULT_UNIT_PRICER,
): PricedCost {
  if (STRUCTURAL_SPAN_TYPES.has(e.span_type)) return { cost_usd: null, cost_status: 'not_applicable', cost_source: null };

  const reported = e.reported_cost_usd;
  if (reported !== null && (e.reported_cost_source === 'provider' || (e.provider !== null && PROVIDERS_REPORTING_COST.has(e.provider)))) {
    return { cost_usd: reported, cost_status: 'reported', cost_source: 'provider' };
  }

  if (custom !== null) {
    const cost = customCost(e, e.units, custom);
    if (cost !== null) return { cost_usd: cost, cost_status: 'priced', cost_source: `custom:${custom.id}` };
  }

  const endpoint = e.endpoint ?? null;
  const withUnits = hasUnits(e.units);
  const unitCost = withUnits ? (overlay.price(e.provider, endpoint, e.model, e.units!)?.cost_usd ?? null) : 0;

  if (hasTokens(e)) {
    if (e.model !== null && unitCost !== null) {
      const p = tokens.price(e.provider, e.model, e, e.started_at);
      if (p !== null) {
        const mult = overlay.tokenMultiplier(e.provider, endpoint);
        const source = mult !== 1 || withUnits ? `${GENAI_PRICES_SOURCE}+${UNIT_PRICES_SOURCE}` : GENAI_PRICES_SOURCE;
        return { cost_usd: p.cost_usd * mult + unitCost, cost_status: 'priced', cost_source: source };
      }
    }
  } else if (withUnits && unitCost !== null) {
    return { cost_usd: unitCost, cost_status: 'priced', cost_source: UNIT_PRICES_SOURCE };
  }

  if (reported !== null) return { cost_usd: reported, cost_status: 'reported', cost_source: e.reported_cost_source ?? 'sdk' };

  if (!hasTokens(e) && !withUnits) return { cost_usd: 0, cost_status: 'priced', cost_source: 'no_usage' };

  return { cost_usd: null, cost_status: 'unpriced', cost_source: null };
}

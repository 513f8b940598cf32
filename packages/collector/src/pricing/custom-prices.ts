/**
 * Tenant custom prices: a tenant's own price for a (provider, model) wins over the defaults for events that started
 * at or after its effective_from. Price books are cached per tenant for at most a second, so a change reaches every
 * collector process within a second.
 */
import type { CanonicalUsage } from '@llmobserve/shared';
import type { CustomPrice } from '../domain/event.js';
import type { Storage } from '../storage/types.js';
import { own } from '../util/own.js';

const TTL_MS = 1000;
const MAX_TENANTS = 10_000;

export class PriceBook {
  private readonly byModel = new Map<string, CustomPrice[]>();

  constructor(prices: CustomPrice[]) {
    for (const p of prices) {
      const key = `${p.provider}\u0000${p.model}`;
      const list = this.byModel.get(key) ?? [];
      list.push(p);
      this.byModel.set(key, list);
    }
    for (const list of this.byModel.values()) list.sort((a, b) => b.effective_from - a.effective_from);
  }

  /** The price in effect at `at` for this provider and model, if the tenant set one. */
  find(provider: string | null, model: string | null, at: number): CustomPrice | null {
    if (provider === null || model === null || this.byModel.size === 0) return null;
    return this.byModel.get(`${provider}\u0000${model}`)?.find((p) => p.effective_from <= at) ?? null;
  }

  static readonly EMPTY = new PriceBook([]);
}

export class PriceBooks {
  private readonly cache = new Map<string, { book: PriceBook; at: number }>();
  constructor(private readonly storage: Storage, private readonly now: () => number = Date.now) {}

  async forTenants(tenants: Iterable<string>): Promise<Map<string, PriceBook>> {
    const out = new Map<string, PriceBook>();
    const t = this.now();
    await Promise.all([...new Set(tenants)].map(async (tenant) => {
      let entry = this.cache.get(tenant);
      if (!entry || t - entry.at >= TTL_MS) {
        entry = { book: new PriceBook(await this.storage.forTenant(tenant).listPrices()), at: t };
        if (this.cache.size >= MAX_TENANTS) this.cache.clear();
        this.cache.set(tenant, entry);
      }
      out.set(tenant, entry.book);
    }));
    return out;
  }

  /** Forget a tenant's book at once (after a change through this process). */
  invalidate(tenant: string): void {
    this.cache.delete(tenant);
  }
}

/**
 * Cost under a custom price (pure): token rates per million (cache rates default to the input rate) plus unit
 * prices. Null when the price covers none of the usage the event has (then the event stays unpriced).
 */
export function customCost(usage: CanonicalUsage, units: Record<string, number> | null, p: CustomPrice): number | null {
  let covered = false;
  let cost = 0;
  const hasTokens = usage.input_tokens > 0 || usage.output_tokens > 0;
  if (hasTokens && (p.input_per_mtok !== null || p.output_per_mtok !== null)) {
    const input = p.input_per_mtok ?? 0;
    const uncached = usage.input_tokens - usage.cache_read_tokens - usage.cache_write_tokens;
    cost += (uncached * input + usage.cache_read_tokens * (p.cache_read_per_mtok ?? input) +
      usage.cache_write_tokens * (p.cache_write_per_mtok ?? input) + usage.output_tokens * (p.output_per_mtok ?? 0)) / 1e6;
    covered = true;
  }
  if (units && p.unit_prices) {
    for (const [unit, amount] of Object.entries(units)) {
      const price = own(p.unit_prices, unit);
      if (price === undefined) continue;
      cost += amount * price;
      covered = true;
    }
  }
  return covered ? cost : null;
}

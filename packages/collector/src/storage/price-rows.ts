/** custom_prices rows (SQLite or PostgreSQL) as CustomPrice records. */
import type { CustomPrice } from '../domain/event.js';

export const PRICE_COLUMNS = `id, provider, model, input_per_mtok, output_per_mtok, cache_read_per_mtok, cache_write_per_mtok,
  unit_prices, effective_from, created_at`;

export function rowToPrice(r: Record<string, unknown>): CustomPrice {
  const units = r.unit_prices;
  return {
    id: r.id as string, provider: r.provider as string, model: r.model as string,
    input_per_mtok: r.input_per_mtok as number | null, output_per_mtok: r.output_per_mtok as number | null,
    cache_read_per_mtok: r.cache_read_per_mtok as number | null, cache_write_per_mtok: r.cache_write_per_mtok as number | null,
    // SQLite stores JSON text; PostgreSQL's jsonb arrives parsed.
    unit_prices: units === null ? null : ((typeof units === 'string' ? JSON.parse(units) : units) as Record<string, number>),
    effective_from: Number(r.effective_from), created_at: Number(r.created_at),
  };
}

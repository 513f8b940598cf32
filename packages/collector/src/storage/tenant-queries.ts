/**
 * Tenant queries that differ between the databases only by dialect (placeholders, integer casts, the section match),
 * written once for both adapters through the `Dialect` seam of segment-sql.ts. Parameterised always; each
 * placeholder is taken in the order it appears in the text (SQLite's `?` are positional).
 */
import type { CustomPrice } from '../domain/event.js';
import { PRICE_COLUMNS } from './price-rows.js';
import type { Dialect } from './segment-sql.js';
import type { QueryFilters, RunCursor } from './types.js';

/** The run list, newest first, after the cursor; event filters (provider, model, section) match any event of the run. */
export function listRunsSql(d: Dialect, tenantId: string, f: QueryFilters, limit: number, after?: RunCursor): string {
  const where = [`r.tenant_id = ${d.param(tenantId)}`];
  if (f.customer_id !== undefined) where.push(`r.customer_id = ${d.param(f.customer_id)}`);
  if (f.from !== undefined) where.push(`r.started_at >= ${d.int(d.param(Math.ceil(f.from)))}`);
  if (f.to !== undefined) where.push(`r.started_at < ${d.int(d.param(Math.ceil(f.to)))}`);
  if (after) {
    const at = Math.round(after.started_at);
    where.push(`(r.started_at < ${d.int(d.param(at))} OR (r.started_at = ${d.int(d.param(at))} AND r.run_id < ${d.param(after.run_id)}))`);
  }
  const inner: string[] = [];
  if (f.provider !== undefined) inner.push(`e.provider = ${d.param(f.provider)}`);
  if (f.model !== undefined) inner.push(`e.model = ${d.param(f.model)}`);
  if (f.section !== undefined) inner.push(d.sectionMatch('e.section_path', d.param(f.section)));
  if (inner.length > 0) {
    where.push(`EXISTS (SELECT 1 FROM trace_events e WHERE e.tenant_id = r.tenant_id AND e.run_id = r.run_id AND ${inner.join(' AND ')})`);
  }
  return `SELECT r.* FROM runs r WHERE ${where.join(' AND ')} ORDER BY r.started_at DESC, r.run_id DESC LIMIT ${d.param(limit)}`;
}

/** A run's events in time order (GET /runs/:run_id): the index (tenant_id, run_id, started_at) of migration 9. */
export function runEventsSql(d: Dialect, tenantId: string, runId: string): string {
  return `SELECT * FROM trace_events WHERE tenant_id = ${d.param(tenantId)} AND run_id = ${d.param(runId)} ORDER BY started_at, id LIMIT 10000`;
}

/** Creates the price, or replaces the one with the same provider, model and effective_from (keeping its id). */
export function setPriceSql(d: Dialect, tenantId: string, p: CustomPrice): string {
  const values = [
    tenantId, p.id, p.provider, p.model, p.input_per_mtok, p.output_per_mtok, p.cache_read_per_mtok, p.cache_write_per_mtok,
    p.unit_prices === null ? null : JSON.stringify(p.unit_prices), p.effective_from, p.created_at,
  ].map((v) => d.param(v));
  return `INSERT INTO custom_prices (tenant_id, id, provider, model, input_per_mtok, output_per_mtok, cache_read_per_mtok,
  cache_write_per_mtok, unit_prices, effective_from, created_at)
VALUES (${values.join(', ')})
ON CONFLICT (tenant_id, provider, model, effective_from) DO UPDATE SET
  input_per_mtok = excluded.input_per_mtok, output_per_mtok = excluded.output_per_mtok,
  cache_read_per_mtok = excluded.cache_read_per_mtok, cache_write_per_mtok = excluded.cache_write_per_mtok,
  unit_prices = excluded.unit_prices, created_at = excluded.created_at
RETURNING ${PRICE_COLUMNS}`;
}

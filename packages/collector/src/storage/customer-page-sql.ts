/**
 * One page of /customers as one statement for both adapters: the range's per-customer sums (every segment of the
 * range, as aggregate() reads them), sorted and cut to the page in SQL, with the number of customers and the totals
 * of all of them as window sums over the groups — so that neither every customer's row nor a sort of them crosses into
 * JavaScript (200,000 customers: one page of rows instead of 200,000). Ties are broken by customer id (stable pages).
 */
import { dailyFamilyFor } from './family-choice.js';
import { filteredDimensions, rangeSegments, segmentSql, type Dialect } from './segment-sql.js';
import { METRIC_NAMES } from './columns.js';
import type { QueryFilters } from './types.js';

export type CustomerSort = 'cost' | 'calls';

/** The daily family of a page of customers under these filters. */
export const customerPageFamily = (f: QueryFilters) => dailyFamilyFor(['customer_id'], filteredDimensions(f));

/** `boundary`: the tenant's compaction boundary, epoch ms (segment-sql.ts rangeSegments; needed when needsBoundary says so). */
export function customerPageSql(d: Dialect, tenantId: string, f: QueryFilters, sort: CustomerSort, limit: number, offset: number, boundary?: number): string | null {
  const family = customerPageFamily(f);
  const segments = rangeSegments(f, ['customer_id'], family, boundary);
  if (segments.length === 0) return null;
  const union = segments.map((s) => `SELECT * FROM (${segmentSql(d, tenantId, s, f, ['customer_id'], family)}) AS x`).join(' UNION ALL ');
  const sums = METRIC_NAMES.map((m) => `SUM(${m}) AS ${m}`).join(', ');
  const order = sort === 'calls' ? 'calls DESC, cost_nanos DESC' : 'cost_nanos DESC, calls DESC';
  return `SELECT customer_id, ${METRIC_NAMES.join(', ')},
  COUNT(*) OVER () AS total_customers, SUM(cost_nanos) OVER () AS total_cost_nanos, SUM(estimated_cost_nanos) OVER () AS total_estimated_cost_nanos
FROM (SELECT customer_id, ${sums} FROM (${union}) AS s GROUP BY customer_id HAVING SUM(calls) > 0) AS g
ORDER BY ${order}, COALESCE(customer_id, '') LIMIT ${d.int(d.param(limit))} OFFSET ${d.int(d.param(offset))}`;
}

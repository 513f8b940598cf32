/** Customer table logic (pure): change vs the previous period, spikes, sorting, search, CSV. */
import type { CustomerListRow } from '../api/types';

export interface CustomerTableRow {
  customer_id: string | null;
  cost_usd: number;
  share: number;
  calls: number;
  unpriced_calls: number;
  /** the part of cost_usd / calls resting on estimated usage */
  estimated_cost_usd: number;
  estimated_calls: number;
  cost_per_call: number;
  /** null when the previous period is unknown (all time). */
  previous_cost_usd: number | null;
  /** Relative change; null when previous is 0 or unknown. */
  change: number | null;
  trend: number[] | undefined;
  spiking: boolean;
}

export type SortKey = 'customer' | 'cost' | 'share' | 'calls' | 'cpc' | 'change';

/**
 * Spiking: spend at least doubled against the previous period while being ≥ 1 % of the tenant's spend; with a
 * trend, also when the last bucket is ≥ 3× the average of the earlier ones. A customer new in the period is "new",
 * not spiking.
 */
export function isSpiking(cost: number, previous: number | null, share: number, trend?: number[]): boolean {
  if (share < 0.01 || cost <= 0) return false;
  if (trend && trend.length >= 4) {
    const last = trend[trend.length - 1]!;
    const earlier = trend.slice(0, -1);
    const avg = earlier.reduce((a, b) => a + b, 0) / earlier.length;
    if (avg > 0 && last >= 3 * avg) return true;
  }
  if (previous === null) return false;
  return previous > 0 && cost >= 2 * previous;
}

export function buildRows(current: CustomerListRow[], previous: Map<string, number> | null): CustomerTableRow[] {
  return current.map((r) => {
    const key = r.customer_id ?? '';
    const prev = r.previous_cost_usd ?? (previous ? (previous.get(key) ?? 0) : null);
    const priced = r.calls - r.unpriced_calls;
    return {
      customer_id: r.customer_id,
      cost_usd: r.cost_usd,
      share: r.share,
      calls: r.calls,
      unpriced_calls: r.unpriced_calls,
      estimated_cost_usd: r.estimated_cost_usd ?? 0,
      estimated_calls: r.estimated_calls ?? 0,
      cost_per_call: priced > 0 ? r.cost_usd / priced : 0,
      previous_cost_usd: prev,
      change: prev !== null && prev > 0 ? (r.cost_usd - prev) / prev : null,
      trend: r.trend ?? undefined,
      spiking: isSpiking(r.cost_usd, prev, r.share, r.trend ?? undefined),
    };
  });
}

export function filterRows(rows: CustomerTableRow[], q: string): CustomerTableRow[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter((r) => (r.customer_id ?? '(no customer)').toLowerCase().includes(needle));
}

export function sortRows(rows: CustomerTableRow[], key: SortKey, dir: 'asc' | 'desc'): CustomerTableRow[] {
  const val = (r: CustomerTableRow): number | string => {
    switch (key) {
      case 'customer': return r.customer_id ?? '';
      case 'cost': return r.cost_usd;
      case 'share': return r.share;
      case 'calls': return r.calls;
      case 'cpc': return r.cost_per_call;
      case 'change': return r.change ?? (r.previous_cost_usd === 0 && r.cost_usd > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    }
  };
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = val(a);
    const y = val(b);
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : (x as number) - (y as number);
    return c !== 0 && !Number.isNaN(c) ? sign * c : (a.customer_id ?? '').localeCompare(b.customer_id ?? '');
  });
}

const csvCell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote when needed; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(rows: CustomerTableRow[]): string {
  const head = ['customer_id', 'cost_usd', 'share', 'calls', 'unpriced_calls', 'estimated_cost_usd', 'estimated_calls', 'cost_per_call_usd', 'previous_cost_usd', 'change', 'spiking'];
  const lines = rows.map((r) =>
    [r.customer_id, r.cost_usd, r.share, r.calls, r.unpriced_calls, r.estimated_cost_usd, r.estimated_calls, r.cost_per_call, r.previous_cost_usd, r.change, r.spiking ? 'yes' : 'no'].map(csvCell).join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}

export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

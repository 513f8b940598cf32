/**
 * The wide daily families (`rollup_daily_wide`): a day × every dimension a filter pair needs, for the summaries that
 * no family of `rollup_daily` holds together — a customer with a provider, model or section grouped by another of
 * them, a provider or model with a section grouped by customer. Without them those reads fall back to the hourly
 * rollup and read every hour of the range (docs/benchmarks.md, bench:reads).
 *
 * The primary key is (tenant_id, family, key1, key2, key3, day, key4): three leading keys, then the day, then one
 * more. A read pins each leading key — the filtered value, or `IN` the values of the range from the small families
 * (segment-sql.ts) — so it reads only the rows of the filtered values, a day range per combination, whatever the
 * cardinality of the others:
 *  - customer_detail (customer, provider, model; section): one customer's rows by any of the three others;
 *  - model_section_customer (provider, model, section; customer): the customers of a model in a section;
 *  - provider_section_customer (provider, section, ''; customer): the customers of a provider in a section.
 * Each is folded from the hourly deltas with the other aggregates (same transaction: sqlite/fold.ts, the PostgreSQL
 * ingest transaction); storage/rebuild.ts rebuilds them from the events (test/columns.test.ts checks both agree).
 */
import type { HourlyDelta, KeyDimension } from './rollup.js';
import { METRIC_NAMES, type Metrics } from './columns.js';

export const WIDE_FAMILY_KEYS = {
  customer_detail: [['customer_id', 'provider', 'model'], 'section_path'],
  model_section_customer: [['provider', 'model', 'section_path'], 'customer_id'],
  provider_section_customer: [['provider', 'section_path', null], 'customer_id'],
} as const satisfies Record<string, readonly [readonly (KeyDimension | null)[], KeyDimension]>;
export type WideFamily = keyof typeof WIDE_FAMILY_KEYS;
export const WIDE_FAMILIES = Object.keys(WIDE_FAMILY_KEYS) as WideFamily[];
export const WIDE_KEY_COLUMNS = ['key1', 'key2', 'key3', 'key4'] as const;

export interface WideDelta extends Metrics {
  tenant_id: string;
  family: WideFamily;
  /** Start of the UTC day, epoch seconds. */
  day: number;
  key1: string;
  key2: string;
  key3: string;
  key4: string;
}

/** A wide family's dimensions in key order (key1 … key4; null = an unused key, always ''). */
export const wideDims = (family: WideFamily): readonly (KeyDimension | null)[] => [...WIDE_FAMILY_KEYS[family][0], WIDE_FAMILY_KEYS[family][1]];

const ID_SPAN = 2 ** 26;

interface DayRow extends Metrics {
  tenant_id: string;
  day: number;
  customer_id: string;
  provider: string;
  model: string;
  section_path: string;
}

function add(into: Metrics, h: Metrics): void {
  for (const m of METRIC_NAMES) into[m] += h[m];
}

function copy(h: HourlyDelta, day: number): DayRow {
  const d = { tenant_id: h.tenant_id, day, customer_id: h.customer_id, provider: h.provider, model: h.model, section_path: h.section_path } as DayRow;
  for (const m of METRIC_NAMES) d[m] = h[m];
  return d;
}

/**
 * The wide families' rows of a fold, from its hourly deltas (exact: integer sums). The hourly rows are unique per
 * (tenant, hour, customer, provider, model, section), so a day's rows with all four dimensions are found once and give
 * both full families (customer_detail, model_section_customer) — the same sums under two key orders — and, grouped
 * again without the model, provider_section_customer. Values are numbered once (no string key per row), and the
 * numbers, not joined strings, identify a row: no value can be mistaken for two.
 */
export function wideDeltasFromHourly(hourly: readonly HourlyDelta[]): WideDelta[] {
  const ids = new Map<string, number>();
  const idOf = (kind: string, s: string) => {
    const k = kind + s;
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size + 1));
    return id;
  };
  const tenants = new Map<string, number>();
  // (tenant, day) → (customer, section) → provider+model (full) or provider (psc) → row
  const full = new Map<string, Map<number, Map<number, DayRow>>>();
  const byProvider = new Map<string, Map<number, Map<number, DayRow>>>();
  const fullRows: DayRow[] = [];
  const providerRows: DayRow[] = [];
  for (const h of hourly) {
    const day = Math.floor(h.hour / 86_400) * 86_400;
    let t = tenants.get(h.tenant_id);
    if (t === undefined) tenants.set(h.tenant_id, (t = tenants.size));
    const bucket = `${t}:${day}`;
    const cs = idOf('c', h.customer_id) * ID_SPAN + idOf('s', h.section_path);
    const providerId = idOf('p', h.provider);
    const pair = providerId * ID_SPAN + idOf('m', h.model);
    for (const [maps, rows, k] of [[full, fullRows, pair], [byProvider, providerRows, providerId]] as const) {
      let b = maps.get(bucket);
      if (b === undefined) maps.set(bucket, (b = new Map()));
      let inner = b.get(cs);
      if (inner === undefined) b.set(cs, (inner = new Map()));
      const row = inner.get(k);
      if (row === undefined) {
        const r = copy(h, day);
        inner.set(k, r);
        rows.push(r);
      } else add(row, h);
    }
  }
  const out: WideDelta[] = [];
  const emit = (family: WideFamily, r: DayRow) => {
    const [k1, k2, k3, k4] = wideDims(family).map((d) => (d === null ? '' : r[d]));
    const w = { tenant_id: r.tenant_id, family, day: r.day, key1: k1!, key2: k2!, key3: k3!, key4: k4! } as WideDelta;
    for (const m of METRIC_NAMES) w[m] = r[m];
    out.push(w);
  };
  for (const r of fullRows) {
    emit('customer_detail', r);
    emit('model_section_customer', r);
  }
  for (const r of providerRows) emit('provider_section_customer', r);
  return out;
}

/**
 * Which daily family answers a summary (the narrow families of `rollup_daily`, storage/rollup.ts, or the wide ones
 * of `rollup_daily_wide`, storage/wide-families.ts), from a rough count of the rows each would read per day.
 */
import { FAMILY_LIST, type DailyFamily, type KeyDimension } from './rollup.js';
import { WIDE_FAMILIES, WIDE_FAMILY_KEYS, type WideFamily } from './wide-families.js';

export type AnyFamily = DailyFamily | WideFamily;
export const isWide = (f: AnyFamily): f is WideFamily => Object.hasOwn(WIDE_FAMILY_KEYS, f);

/** A section filter matches section paths: the paths to compare with it (for the family choice, a section_path). */
const dimOf = (d: string) => (d === 'section' ? 'section_path' : d);

/** Rough distinct values per day of each dimension (models per provider), for comparing families' row counts. */
const SPREAD: Record<KeyDimension, number> = { customer_id: 1000, provider: 3, model: 4, section_path: 30 };
/** A section filter is a label: every path containing it, about 5. */
const SECTION_PATHS = 5;

/**
 * The daily family that answers a grouping under these filters, or null (then the hourly rollup answers): among
 * the families holding every needed dimension, the one that reads the fewest rows per day.
 *  - A narrow family reads its rows per value of a filtered leading key (an index prefix: only the other keys'
 *    spread), else all its rows of the range.
 *  - A wide family pins each of its three leading keys (the filtered value, or `IN` the range's values of an
 *    unfiltered one; a customer key only when filtered): it reads the spread of its unfiltered keys and of its last.
 */
export function dailyFamilyFor(groupBy: readonly string[], filtered: readonly string[]): AnyFamily | null {
  if (groupBy.includes('hour')) return null;
  const needs = new Set([...groupBy.filter((d) => d !== 'day'), ...filtered].map(dimOf));
  const filters = new Set(filtered.map(dimOf));
  // a model filter alone finds its provider(s) in the model family (segment-sql.ts): the provider key is a prefix too
  if (filters.has('model')) filters.add('provider');
  const holdsAll = (held: readonly string[]) => [...needs].every((d) => held.includes(d));
  let best: AnyFamily | null = null;
  let bestRows = Infinity;
  for (const [family, dims] of FAMILY_LIST) {
    const held = dims.filter((d): d is KeyDimension => d !== null);
    if (!holdsAll(held)) continue;
    const lead = dims[0];
    const prefix = lead !== null && lead !== undefined && filters.has(lead);
    // a customer-led family is read by the filtered customers only (segment-sql.ts: never `key1 IN` every customer)
    if (lead === 'customer_id' && !prefix) continue;
    const rows = (prefix ? held.slice(1) : held).reduce((n, d) => n * SPREAD[d], prefix && lead === 'section_path' ? SECTION_PATHS : 1);
    if (rows < bestRows) [best, bestRows] = [family, rows];
  }
  for (const family of WIDE_FAMILIES) {
    const [leads, last] = WIDE_FAMILY_KEYS[family];
    const held = [...leads.filter((d): d is KeyDimension => d !== null), last];
    if (!holdsAll(held)) continue;
    if (leads.includes('customer_id' as never) && !filters.has('customer_id')) continue;
    const rows = leads.reduce((n, d) => n * (d === null ? 1 : !filters.has(d) ? SPREAD[d] : d === 'section_path' ? SECTION_PATHS : 1), SPREAD[last]);
    if (rows < bestRows) [best, bestRows] = [family, rows];
  }
  return best;
}

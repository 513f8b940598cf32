/**
 * Week rows of the daily families (narrow and wide) that a read sums over many customers, so that a long range reads
 * a row per week instead of one per day: a 90-day customer breakdown reads about 12 week rows and a dozen edge days
 * per customer and key instead of 90 day rows (docs/benchmarks.md, bench:reads). They are rows of the same tables
 * under the family's name with WEEK_SUFFIX (`model_customer@week`), `day` holding the week's start: the same keys,
 * indexes, upserts, decoders and row-level security as the day rows.
 *
 * The families led by one customer's key and something more (customer_model, customer_section, customer_detail)
 * have none: a read of them is one customer's rows, small either way, while their week rows were the costliest to
 * compact (on the 1M bench database, 130–290 of the 280–500 ms that the week rows added to an hour's compaction) and
 * to store. customer_days keeps them: the previous period of a page of /customers sums 100 customers' days. (On
 * PostgreSQL, where model_customer and section_customer are read from customer_model's and customer_section's rows,
 * those have the week rows instead: storedWeekFamilies; rollup.ts PG_MIRRORS.)
 *
 * Weeks are compacted with the wide families and share their boundary (storage/wide-compaction.ts, per tenant an
 * hour's start). Invariant: a week row is the sum of the hourly rows of its week's hours before the boundary,
 * projected on the family's keys. It holds because the compaction that moves the boundary adds the hours it passes
 * (compactionSql, one transaction), and whatever changes an hourly row of an hour before the boundary afterwards (a
 * late event, a re-pricing) applies the same delta to the week rows (compactedFromHourly); the wide families' lock
 * protocol on PostgreSQL covers both.
 *
 * Reads (time-split.ts) take a week row only for a week wholly inside the range and wholly before the boundary,
 * and never for a grouping by day; the edge days come from the day rows.
 *
 * Weeks are 7-day spans from the epoch (Thursdays, 00:00 UTC): an internal grid, never shown.
 */
import { METRIC_NAMES, ROLLUP_DAILY, ROLLUP_DAILY_WIDE, type DialectName } from './columns.js';
import { DAILY_FAMILIES, FAMILY_KEYS, storedFamily, type DailyDelta, type DailyFamily } from './rollup.js';
import { upsertFromSql } from './statements.js';
import { WIDE_FAMILIES, wideDims, type WideDelta, type WideFamily } from './wide-families.js';

/** The families with week rows (narrow, then wide). */
export const WEEK_FAMILIES = ['total', 'customer', 'model', 'section', 'model_customer', 'section_customer', 'section_model', 'customer_days',
  'model_section_customer', 'provider_section_customer'] as const satisfies readonly (DailyFamily | WideFamily)[];
const HAS_WEEKS: ReadonlySet<string> = new Set(WEEK_FAMILIES);
/** Whether a daily family has week rows (read as those of the family it is stored as: rollup.ts storedFamily). */
export const hasWeeks = (family: string) => HAS_WEEKS.has(family);

/**
 * The narrow families whose week rows a database stores: the families with week rows, as the families their rows
 * are stored as (on PostgreSQL model_customer's weeks are customer_model's, customer_days' are customer's).
 */
export const storedWeekFamilies = (dialect: DialectName): readonly DailyFamily[] =>
  [...new Set(DAILY_FAMILIES.filter(hasWeeks).map((f) => storedFamily(dialect, f)))];
/** The families (stored narrow ones, and wide) whose day rows' deltas also go to week rows, per database. */
const STORED_WEEKS: Record<DialectName, ReadonlySet<string>> = {
  sqlite: new Set([...storedWeekFamilies('sqlite'), ...WIDE_FAMILIES.filter(hasWeeks)]),
  postgres: new Set([...storedWeekFamilies('postgres'), ...WIDE_FAMILIES.filter(hasWeeks)]),
};

/** A week, seconds. */
export const WEEK_S = 7 * 86_400;
/** A week, ms. */
export const WEEK_MS = WEEK_S * 1000;
export const WEEK_SUFFIX = '@week';
/** The family name of a daily family's week rows. */
export const weekFamily = (family: string) => family + WEEK_SUFFIX;
/** The start of the week holding `s` (epoch seconds). */
export const weekOf = (s: number) => Math.floor(s / WEEK_S) * WEEK_S;

/**
 * The statements adding the hourly rows where `where` holds to the week rows of the families that have them
 * (parameters: those of `where`, in its order): the narrow families into rollup_daily, the wide ones into
 * rollup_daily_wide.
 */
export function weekCompactionSql(dialect: DialectName, where: string): string[] {
  const week = `(hour / ${WEEK_S}) * ${WEEK_S}`;
  const sums = METRIC_NAMES.map((m) => `SUM(${m})`).join(', ');
  const statement = (table: typeof ROLLUP_DAILY, family: string, dims: readonly (string | null)[]) =>
    upsertFromSql(table, dialect, `SELECT tenant_id, '${weekFamily(family)}', ${week}, ${dims.map((d) => d ?? `''`).join(', ')}, ${sums}
FROM rollup_hourly WHERE ${where} GROUP BY ${['tenant_id', week, ...dims.filter((d): d is string => d !== null)].join(', ')}`);
  return [
    ...storedWeekFamilies(dialect).map((family) => {
      const dims = FAMILY_KEYS[family] as readonly (string | null)[];
      return statement(ROLLUP_DAILY, family, [0, 1, 2].map((i) => dims[i] ?? null));
    }),
    ...WIDE_FAMILIES.filter(hasWeeks).map((family) => statement(ROLLUP_DAILY_WIDE, family, wideDims(family))),
  ];
}

/**
 * Day rows' deltas (of the families `dialect` stores) as their weeks' (each row's family and day moved to its week's;
 * rows of one week summed), for the families whose week rows it stores.
 */
export function weekDeltas<T extends DailyDelta | WideDelta>(rows: readonly T[], dialect: DialectName): T[] {
  const weeks = STORED_WEEKS[dialect];
  const out = new Map<string, T>();
  for (const r of rows) {
    if (!weeks.has(r.family)) continue;
    const w = { ...r, family: weekFamily(r.family), day: weekOf(r.day) };
    // (a JSON array as the key: no value can be mistaken for two)
    const key = JSON.stringify([r.tenant_id, r.family, w.day, r.key1, r.key2, r.key3, 'key4' in r ? r.key4 : '']);
    const into = out.get(key);
    if (into === undefined) out.set(key, w as T);
    else for (const m of METRIC_NAMES) into[m] += r[m];
  }
  return [...out.values()];
}

/**
 * The SQL of one aggregate segment (daily rollup, hourly rollup or raw events), for both adapters: each passes its
 * dialect (placeholders, integer casts, the section match, the raw measures). Parameterised always.
 */
import { splitRange, type Segment } from './time-split.js';
import { FAMILY_KEYS, familyColumns, type DailyFamily, type KeyDimension } from './rollup.js';
import { WIDE_FAMILY_KEYS, WIDE_KEY_COLUMNS, wideDims, type WideFamily } from './wide-families.js';
import { isWide, type AnyFamily } from './family-choice.js';
import { DIM_SQL, metricsRaw, metricsRollup } from './rows.js';
import { IS_CALL_SQL, type DialectName, type MetricName } from './columns.js';
import { hasWeeks, weekFamily } from './week-grain.js';
import type { Dimension, QueryFilters } from './types.js';

export interface Dialect {
  /** Which database: the key columns of a family's rows depend on it (rollup.ts storedFamily). */
  readonly name: DialectName;
  /** Records a value and returns its placeholder. */
  param(value: unknown): string;
  /** An integer placeholder (PostgreSQL casts to bigint). */
  int(placeholder: string): string;
  sectionMatch(column: string, placeholder: string): string;
  /**
   * A LEFT JOIN of the row of `table` (as `alias`, its `columns`) that `on` finds by the table's key, for each outer
   * row: one key lookup per row, whatever the planner estimates.
   */
  joinByKey(table: string, alias: string, columns: string, on: string): string;
  /**
   * A LEFT JOIN of the rows of `table` (as `alias`, its `columns`) under `where` whose `key` is one of `keysFrom`'s
   * (a CTE with a column named `key`), to the outer rows by `${alias}.key = outerKey`. SQLite: one key lookup per
   * outer row. PostgreSQL: one index scan for the set of keys (`= ANY(ARRAY(…))`), hashed — for thousands of
   * keys cheaper than a LATERAL lookup each, whose executor overhead was most of a window page's join
   * (docs/benchmarks.md).
   */
  joinByKeys(table: string, alias: string, columns: string, where: string, key: string, outerKey: string, keysFrom: string): string;
  /** Extra clause after GROUP BY (e.g. a deterministic ORDER BY), given the group column count. */
  afterGroupBy?(columns: number): string;
}

type KeyColumns = Partial<Record<KeyDimension, string>>;
const keyColumns = (dims: readonly (KeyDimension | null)[], columns: readonly string[]): KeyColumns =>
  Object.fromEntries(dims.flatMap((d, i) => (d ? [[d, columns[i]!]] : [])));
/** Which rollup column holds a dimension of a wide family. */
const WIDE_KEYS = Object.fromEntries(Object.keys(WIDE_FAMILY_KEYS).map((family) => [family, keyColumns(wideDims(family as WideFamily), WIDE_KEY_COLUMNS)])) as Record<WideFamily, KeyColumns>;

/**
 * The segments a summary reads (time-split.ts): `boundary` is the tenant's compaction boundary (epoch ms;
 * wide-compaction.ts, 0 = none yet), needed when a daily family answers. A wide family's days hold the hours before
 * it; a family's week rows (week-grain.ts: those that have them) the whole weeks before it, read unless the grouping
 * is by day.
 */
export function rangeSegments(f: QueryFilters, groupBy: readonly string[], family: AnyFamily | null, boundary: number | undefined): Segment[] {
  if (needsBoundary(family, groupBy) && boundary === undefined) throw new Error('this read is split at the compaction boundary: pass it');
  const weeks = family !== null && hasWeeks(family) && !groupBy.includes('day');
  return splitRange(f.from, f.to, family !== null, family !== null && isWide(family) ? boundary : undefined, weeks ? boundary : undefined);
}

/** Whether rangeSegments needs the boundary (a wide family, or week rows to read): else the adapters need not ask it. */
export const needsBoundary = (family: AnyFamily | null, groupBy: readonly string[]) =>
  family !== null && (isWide(family) || (hasWeeks(family) && !groupBy.includes('day')));

/** One segment's sums (`measures`: those metrics only; rows.ts measuresOf). */
export function segmentSql(d: Dialect, tenantId: string, segment: Segment, f: QueryFilters, groupBy: Dimension[], family: AnyFamily | null, measures?: readonly MetricName[]): string {
  // week rows are day rows of a week under the family's week name (storage/week-grain.ts): read alike
  const weekly = segment.source === 'weekly';
  if (weekly && groupBy.includes('day')) throw new Error('a grouping by day reads day rows, not week rows');
  const src = segment.source === 'weekly' ? 'daily' : segment.source;
  // (before any other placeholder: the pins come first in the statement's text, and SQLite's are positional)
  const pins = src === 'daily' && family !== null && isWide(family) ? widePins(d, tenantId, family, segment, f, weekly) : { from: [], where: [] };
  const where = [`tenant_id = ${d.param(tenantId)}`, ...pins.where];
  let table: string;
  let dims: Partial<Record<Dimension, string>>;
  let column: (name: 'customer_id' | 'provider' | 'model' | 'section_path') => string;
  let time: string;
  let scale: number;
  if (src === 'daily') {
    if (family === null) throw new Error('a daily segment needs a daily family');
    // a narrow family's rows are those it is stored as in this database (rollup.ts storedFamily), its keys in their columns
    const narrow = isWide(family) ? undefined : familyColumns(d.name, family);
    const keys = narrow?.columns ?? WIDE_KEYS[family as WideFamily];
    const stored = narrow?.stored ?? family;
    table = isWide(family) ? 'rollup_daily_wide' : 'rollup_daily';
    where.push(`family = ${d.param(weekly ? weekFamily(stored) : stored)}`);
    // rows without a leading dimension keep key1 empty: said, so that the day range is an index range
    if (narrow?.emptyKey1) where.push(`key1 = ''`);
    column = (name) => {
      const c = keys[name];
      if (!c) throw new Error(`the ${family} daily rollup has no ${name}`);
      return c;
    };
    dims = { day: 'day' };
    for (const name of ['customer_id', 'provider', 'model', 'section_path'] as const) {
      if (keys[name]) dims[name] = `NULLIF(${keys[name]}, '')`;
    }
    [time, scale] = ['day', 1000];
  } else {
    table = src === 'rollup' ? 'rollup_hourly' : 'trace_events';
    dims = DIM_SQL[src];
    column = (name) => name;
    // Rollup hours are epoch seconds, raw started_at epoch ms; structural spans are never in a rollup.
    [time, scale] = src === 'rollup' ? ['hour', 1000] : ['started_at', 1];
    if (src === 'raw') where.push(IS_CALL_SQL);
  }
  const lo = segment.from === undefined ? undefined : Math.ceil(segment.from / scale);
  const hi = segment.to === undefined ? undefined : Math.ceil(segment.to / scale);
  if (src === 'rollup' && (f.customer_id !== undefined || f.customer_ids !== undefined)) {
    // The hourly rollup's key is (tenant_id, hour, customer_id, …): a customer filter over a range of hours is one
    // index seek per hour of the range (`hour IN` the range's hours) instead of a walk of every customer's rows.
    where.push(`hour IN (${hoursOf(d, tenantId, lo, hi)})`);
  }
  if (lo !== undefined) where.push(`${time} >= ${d.int(d.param(lo))}`);
  if (hi !== undefined) where.push(`${time} < ${d.int(d.param(hi))}`);
  const wide = src === 'daily' && isWide(family!) ? family : null;
  const leading = src === 'daily' && !wide ? FAMILY_KEYS[family as DailyFamily][0] : undefined;
  if (leading) {
    // A daily family led by a dimension is read one value of it at a time (an index prefix, then the day range: the
    // primary key, or on PostgreSQL a mirrored family's index, storage/mirror-families.ts): the filtered value
    // itself, or `key1 IN (…)` (its column) the values of the range from the dimension's small family — the
    // section paths that contain the label, the providers of the model, or every value of the range unfiltered.
    // (A customer-led family is chosen only with a customer filter: an IN of every customer would seek more than it saves.)
    const filteredLead = leading === 'customer_id' ? true : leading === 'provider' ? f.provider !== undefined : false;
    if (!filteredLead) where.push(`${column(leading)} IN (${leadValuesSql(d, tenantId, leading, segment, f, weekly)})`);
  }
  if (f.customer_id !== undefined) where.push(`${column('customer_id')} = ${d.param(f.customer_id)}`);
  if (f.customer_ids !== undefined) {
    // '' is "no customer" (the rollups' key; raw events hold NULL)
    const col = src === 'raw' ? `COALESCE(customer_id, '')` : column('customer_id');
    where.push(`${col} IN (${f.customer_ids.length ? f.customer_ids.map((c) => d.param(c)).join(', ') : 'NULL'})`);
  }
  if (f.provider !== undefined) where.push(`${column('provider')} = ${d.param(f.provider)}`);
  if (f.model !== undefined) where.push(`${column('model')} = ${d.param(f.model)}`);
  if (f.section !== undefined && leading !== 'section_path' && !(wide && WIDE_FAMILY_KEYS[wide][0].includes('section_path' as never))) where.push(d.sectionMatch(column('section_path'), d.param(f.section)));
  const select = groupBy.map((g) => {
    const expr = dims[g];
    if (expr === undefined) throw new Error(`${src} segment cannot group by ${g}`);
    return `${expr} AS ${g}`;
  });
  return `SELECT ${[...select, src === 'raw' ? metricsRaw(measures) : metricsRollup(measures)].join(', ')} FROM ${[...pins.from, table].join(' CROSS JOIN ')} WHERE ${where.join(' AND ')}` +
    (groupBy.length > 0 ? ` GROUP BY ${groupBy.map((_, i) => i + 1).join(', ')}${d.afterGroupBy?.(groupBy.length) ?? ''}` : '');
}

/**
 * A wide family's leading keys (storage/wide-families.ts), each pinned: '' where unused, the filtered value (the
 * filters below), or — an unfiltered provider or model, any section — one row per value of the range (the matching
 * paths of a section filter), joined before the table (`CROSS JOIN`: SQLite keeps that order), so that every leading
 * key is an equality and the day range an index range for each combination.
 */
function widePins(d: Dialect, tenantId: string, family: WideFamily, segment: Segment, f: QueryFilters, weekly: boolean): { from: string[]; where: string[] } {
  const from: string[] = [];
  const where: string[] = [];
  WIDE_FAMILY_KEYS[family][0].forEach((dim, i) => {
    const column = WIDE_KEY_COLUMNS[i]!;
    if (dim === null) where.push(`${column} = ''`);
    else if (dim === 'section_path' || (dim === 'provider' && f.provider === undefined) || (dim === 'model' && f.model === undefined)) {
      from.push(`(${leadValuesSql(d, tenantId, dim, segment, f, weekly, `pin${i + 1}`)}) AS p${i + 1}`);
      where.push(`${column} = pin${i + 1}`);
    }
  });
  return { from, where };
}

/** Where each leading dimension's values of a day range are listed: its small family (its column: familyColumns). */
const LEAD_SOURCE = {
  customer_id: 'customer',
  provider: 'model',
  section_path: 'section',
  model: 'model',
} as const satisfies Record<KeyDimension, DailyFamily>;

/**
 * The distinct values of a leading dimension in the segment's days (its weeks': `weekly`) that match the filters on
 * it (section, model).
 */
function leadValuesSql(d: Dialect, tenantId: string, lead: KeyDimension, segment: Segment, f: QueryFilters, weekly: boolean, as?: string): string {
  const family = LEAD_SOURCE[lead];
  const { stored, columns, emptyKey1 } = familyColumns(d.name, family);
  const column = columns[lead]!;
  // (placeholders in the order of the text: SQLite's are positional)
  const where = [`tenant_id = ${d.param(tenantId)}`, `family = '${weekly ? weekFamily(stored) : stored}'`, ...(emptyKey1 ? [`key1 = ''`] : [])];
  if (segment.from !== undefined) where.push(`day >= ${d.int(d.param(Math.ceil(segment.from / 1000)))}`);
  if (segment.to !== undefined) where.push(`day < ${d.int(d.param(Math.ceil(segment.to / 1000)))}`);
  if (lead === 'section_path' && f.section !== undefined) where.push(d.sectionMatch(column, d.param(f.section)));
  if (lead === 'provider' && f.model !== undefined) where.push(`${columns.model!} = ${d.param(f.model)}`);
  if (lead === 'model' && f.provider !== undefined) where.push(`${columns.provider!} = ${d.param(f.provider)}`);
  return `SELECT ${column}${as ? ` AS ${as}` : ''} FROM rollup_daily WHERE ${where.join(' AND ')} GROUP BY ${column}`;
}

/**
 * The hours of [lo, hi) (epoch seconds; an open end is the tenant's first or last rollup hour), as a subquery: one
 * row per hour, so that `hour IN (…)` is an index seek per hour.
 */
function hoursOf(d: Dialect, tenantId: string, lo: number | undefined, hi: number | undefined): string {
  const first = lo !== undefined ? d.int(d.param(Math.ceil(lo / 3600) * 3600))
    : `(SELECT MIN(hour) FROM rollup_hourly WHERE tenant_id = ${d.param(tenantId)})`;
  const last = hi !== undefined ? d.int(d.param(hi - 1))
    : `(SELECT MAX(hour) FROM rollup_hourly WHERE tenant_id = ${d.param(tenantId)})`;
  return `WITH RECURSIVE h(x) AS (SELECT ${first} UNION ALL SELECT x + 3600 FROM h WHERE x + 3600 <= ${last}) SELECT x FROM h`;
}

/** The filters that constrain dimensions (for choosing a daily family). */
export function filteredDimensions(f: QueryFilters): string[] {
  const dims: string[] = (['customer_id', 'provider', 'model', 'section'] as const).filter((k) => f[k] !== undefined);
  return f.customer_ids !== undefined && f.customer_id === undefined ? ['customer_id', ...dims] : dims;
}

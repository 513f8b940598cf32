/**
 * The SQL of one aggregate segment (daily rollup, hourly rollup or raw events), for both adapters: each passes its
 * dialect (placeholders, integer casts, the section match, the raw measures). Parameterised always.
 */
import type { Segment } from './time-split.js';
import { FAMILY_KEYS, KEY_COLUMNS, type DailyFamily, type KeyDimension } from './rollup.js';
import { DIM_SQL, METRICS_RAW, METRICS_ROLLUP } from './rows.js';
import { IS_CALL_SQL } from './columns.js';
import type { Dimension, QueryFilters } from './types.js';

export interface Dialect {
  /** Records a value and returns its placeholder. */
  param(value: unknown): string;
  /** An integer placeholder (PostgreSQL casts to bigint). */
  int(placeholder: string): string;
  sectionMatch(column: string, placeholder: string): string;
  /** Extra clause after GROUP BY (e.g. a deterministic ORDER BY), given the group column count. */
  afterGroupBy?(columns: number): string;
}

/** Which rollup column holds a dimension in each daily family. */
const DAILY_KEYS = Object.fromEntries(
  Object.entries(FAMILY_KEYS).map(([family, dims]) => [family, Object.fromEntries((dims as readonly (KeyDimension | null)[]).flatMap((d, i) => (d ? [[d, KEY_COLUMNS[i]]] : [])))]),
) as Record<DailyFamily, Partial<Record<KeyDimension, (typeof KEY_COLUMNS)[number]>>>;

export function segmentSql(d: Dialect, tenantId: string, segment: Segment, f: QueryFilters, groupBy: Dimension[], family: DailyFamily | null): string {
  const src = segment.source;
  const where = [`tenant_id = ${d.param(tenantId)}`];
  let table: string;
  let dims: Partial<Record<Dimension, string>>;
  let column: (name: 'customer_id' | 'provider' | 'model' | 'section_path') => string;
  let time: string;
  let scale: number;
  if (src === 'daily') {
    if (family === null) throw new Error('a daily segment needs a daily family');
    const keys = DAILY_KEYS[family];
    table = 'rollup_daily';
    where.push(`family = ${d.param(family)}`);
    // a family without a leading dimension keeps key1 empty: said, so that the day range is an index range
    if (!FAMILY_KEYS[family][0]) where.push(`key1 = ''`);
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
  if (segment.from !== undefined) where.push(`${time} >= ${d.int(d.param(Math.ceil(segment.from / scale)))}`);
  if (segment.to !== undefined) where.push(`${time} < ${d.int(d.param(Math.ceil(segment.to / scale)))}`);
  if (f.customer_id !== undefined) where.push(`${column('customer_id')} = ${d.param(f.customer_id)}`);
  if (f.provider !== undefined) where.push(`${column('provider')} = ${d.param(f.provider)}`);
  if (f.model !== undefined) where.push(`${column('model')} = ${d.param(f.model)}`);
  const leading = src === 'daily' ? FAMILY_KEYS[family!][0] : undefined;
  // On a daily family led by the filtered dimension, the filter becomes `key1 IN (…)` (an index prefix, one range
  // per value) from the small families: the section paths that contain the label, the providers of the model.
  const inRange = () => [
    segment.from === undefined ? '' : ` AND day >= ${d.int(d.param(Math.ceil(segment.from / 1000)))}`,
    segment.to === undefined ? '' : ` AND day < ${d.int(d.param(Math.ceil(segment.to / 1000)))}`,
  ].join('');
  if (f.section !== undefined) {
    if (leading === 'section_path') {
      // (placeholders in the order of the text: SQLite's are positional)
      const tenant = d.param(tenantId);
      const range = inRange();
      const match = d.sectionMatch('key2', d.param(f.section));
      where.push(`key1 IN (SELECT key2 FROM rollup_daily WHERE tenant_id = ${tenant} AND family = 'section' AND key1 = ''${range} AND ${match} GROUP BY key2)`);
    } else where.push(d.sectionMatch(column('section_path'), d.param(f.section)));
  }
  if (f.model !== undefined && f.provider === undefined && leading === 'provider') {
    const tenant = d.param(tenantId);
    const range = inRange();
    const model = d.param(f.model);
    where.push(`key1 IN (SELECT key2 FROM rollup_daily WHERE tenant_id = ${tenant} AND family = 'model' AND key1 = ''${range} AND key3 = ${model} GROUP BY key2)`);
  }
  const select = groupBy.map((g) => {
    const expr = dims[g];
    if (expr === undefined) throw new Error(`${src} segment cannot group by ${g}`);
    return `${expr} AS ${g}`;
  });
  return `SELECT ${[...select, src === 'raw' ? METRICS_RAW : METRICS_ROLLUP].join(', ')} FROM ${table} WHERE ${where.join(' AND ')}` +
    (groupBy.length > 0 ? ` GROUP BY ${groupBy.map((_, i) => i + 1).join(', ')}${d.afterGroupBy?.(groupBy.length) ?? ''}` : '');
}

/** The filters that constrain dimensions (for choosing a daily family). */
export function filteredDimensions(f: QueryFilters): string[] {
  return (['customer_id', 'provider', 'model', 'section'] as const).filter((k) => f[k] !== undefined);
}

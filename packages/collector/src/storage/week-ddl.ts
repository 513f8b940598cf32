/**
 * Migration 17 (frozen history, both databases): the week rows of the daily families that have them
 * (storage/week-grain.ts as it was then), filled from the hourly rollup: per tenant, the hours before its wide
 * families' boundary (rollup_wide_state.through_day), the ones the compaction had passed.
 */
export const WEEK_MIGRATION_NAME = 'week rows of the daily families read across customers: long ranges read a row per week';

const V17_MEASURES = ['calls', 'cost_nanos', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'estimated_calls', 'estimated_cost_nanos'];
/** Version 17's families with week rows: table, name, keys (key1, key2, key3[, key4]; null = ''). */
const V17_FAMILIES: [string, string, (string | null)[]][] = [
  ['rollup_daily', 'total', [null, null, null]],
  ['rollup_daily', 'customer', [null, 'customer_id', null]],
  ['rollup_daily', 'model', [null, 'provider', 'model']],
  ['rollup_daily', 'section', [null, 'section_path', null]],
  ['rollup_daily', 'model_customer', ['provider', 'model', 'customer_id']],
  ['rollup_daily', 'section_customer', ['section_path', 'customer_id', null]],
  ['rollup_daily', 'section_model', ['section_path', 'provider', 'model']],
  ['rollup_daily', 'customer_days', ['customer_id', null, null]],
  ['rollup_daily_wide', 'model_section_customer', ['provider', 'model', 'section_path', 'customer_id']],
  ['rollup_daily_wide', 'provider_section_customer', ['provider', 'section_path', null, 'customer_id']],
];

export const WEEK_FILL = V17_FAMILIES.map(([table, family, dims]) => {
  const week = '(h.hour / 604800) * 604800';
  const keys = table === 'rollup_daily' ? 'key1, key2, key3' : 'key1, key2, key3, key4';
  return `INSERT INTO ${table} (tenant_id, family, day, ${keys}, ${V17_MEASURES.join(', ')})
SELECT h.tenant_id, '${family}@week', ${week}, ${dims.map((d) => (d === null ? `''` : `h.${d}`)).join(', ')}, ${V17_MEASURES.map((m) => `SUM(h.${m})`).join(', ')}
FROM rollup_hourly h JOIN rollup_wide_state s ON s.tenant_id = h.tenant_id WHERE h.hour < s.through_day
GROUP BY ${['h.tenant_id', week, ...dims.filter((d): d is string => d !== null).map((d) => `h.${d}`)].join(', ')};`;
}).join('\n');

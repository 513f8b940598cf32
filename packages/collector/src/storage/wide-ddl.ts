/**
 * Migration 14 (frozen history, both databases): the wide daily families (storage/wide-families.ts as it was then)
 * and their per-tenant state (`through_day`: the days before it are compacted), filled from the hourly rollup —
 * which already holds every dimension of them per hour — for the days before the migration's.
 */
export const WIDE_MIGRATION_NAME = 'wide daily families: a customer, provider, model or section with two more dimensions';

/** Version 14's wide families: their keys (key1, key2, key3, key4; null = ''). */
const V14_FAMILIES: [string, (string | null)[]][] = [
  ['customer_detail', ['customer_id', 'provider', 'model', 'section_path']],
  ['model_section_customer', ['provider', 'model', 'section_path', 'customer_id']],
  ['provider_section_customer', ['provider', 'section_path', null, 'customer_id']],
];
const V14_MEASURES = ['calls', 'cost_nanos', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'estimated_calls', 'estimated_cost_nanos'];

/**
 * The tables, the primary key (tenant_id, family, key1, key2, key3, day, key4) and the fill. `key` is the dialect's
 * identifier type, `int` its integer type, `today` its SQL for the start of the current UTC day (epoch seconds);
 * `after` runs after the fill (PostgreSQL's row-level security).
 */
export function wideDailySql(key: string, int: string, withoutRowid: boolean, today: string, after = ''): string {
  const day = '(hour / 86400) * 86400';
  const fill = V14_FAMILIES.map(([family, dims]) => {
    const group = dims.filter((d): d is string => d !== null);
    return `INSERT INTO rollup_daily_wide (tenant_id, family, day, key1, key2, key3, key4, ${V14_MEASURES.join(', ')})
SELECT tenant_id, '${family}', ${day}, ${dims.map((d) => d ?? `''`).join(', ')}, ${V14_MEASURES.map((m) => `SUM(${m})`).join(', ')}
FROM rollup_hourly WHERE hour < ${today} GROUP BY ${['tenant_id', day, ...group].join(', ')};`;
  });
  return `CREATE TABLE rollup_daily_wide (
  tenant_id ${key} NOT NULL${key.includes('COLLATE') ? ` CHECK (tenant_id <> '')` : ''},
  family ${key} NOT NULL, day ${int} NOT NULL, key1 ${key} NOT NULL, key2 ${key} NOT NULL, key3 ${key} NOT NULL, key4 ${key} NOT NULL,
  ${V14_MEASURES.map((m) => `${m} ${int} NOT NULL`).join(', ')},
  PRIMARY KEY (tenant_id, family, key1, key2, key3, day, key4)
)${withoutRowid ? ' WITHOUT ROWID' : ''};
CREATE TABLE rollup_wide_state (
  tenant_id ${key} NOT NULL PRIMARY KEY${key.includes('COLLATE') ? ` CHECK (tenant_id <> '')` : ''},
  through_day ${int} NOT NULL
);
${fill.join('\n')}
INSERT INTO rollup_wide_state (tenant_id, through_day) SELECT DISTINCT tenant_id, ${today} FROM rollup_hourly;
${after}`;
}

/**
 * Migration 16 (frozen history, both databases): the `customer_days` daily family (storage/rollup.ts: key1 = the
 * customer, one row per customer and day), filled from the hourly rollup.
 */
export const CUSTOMER_DAYS_MIGRATION_NAME = "daily family customer_days: a customer's days read by its key alone";

const V16_MEASURES = ['calls', 'cost_nanos', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'estimated_calls', 'estimated_cost_nanos'];

export const CUSTOMER_DAYS_FILL = `INSERT INTO rollup_daily (tenant_id, family, day, key1, key2, key3, ${V16_MEASURES.join(', ')})
SELECT tenant_id, 'customer_days', (hour / 86400) * 86400, customer_id, '', '', ${V16_MEASURES.map((m) => `SUM(${m})`).join(', ')}
FROM rollup_hourly GROUP BY tenant_id, (hour / 86400) * 86400, customer_id;`;

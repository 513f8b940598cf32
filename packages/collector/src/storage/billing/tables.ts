/**
 * The billing rollups, declared once like the catalogue's tables (storage/columns.ts), so that the same upsert
 * builders serve both databases: the cost of every call split by kind, per customer × provider × model × feature
 * (the outermost section) × unit ('' for the token kinds), in UTC hours (billing_hourly: the edges of a period in
 * the tenant's time zone) and UTC months (billing_monthly: the bulk of a period). A statement reads one month's
 * rows and at most a day of hours on each side (storage/billing/segments.ts).
 */
import type { Column, Kind, Table } from '../columns.js';

const col = (name: string, kind: Kind, merge: Column['merge'] = 'key'): Column => ({ name, kind, nullable: false, field: name, merge });

/** The additive measures of a billing row: counts, token quantities per kind, unit quantity, nanos per kind. */
export const BILLING_MEASURES = [
  'calls', 'unpriced_calls',
  'input_tokens', 'cached_input_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens', 'unit_quantity',
  'input_nanos', 'cached_input_nanos', 'cache_write_nanos', 'output_nanos', 'reasoning_nanos', 'unit_nanos', 'other_nanos',
] as const;
export type BillingMeasure = (typeof BILLING_MEASURES)[number];
export const BILLING_KEYS = ['customer_id', 'provider', 'model', 'feature', 'unit'] as const;
export type BillingKey = (typeof BILLING_KEYS)[number];

const measures = BILLING_MEASURES.map((m) => col(m, m === 'unit_quantity' ? 'real' : 'int', 'sum'));
const keys = BILLING_KEYS.map((k) => col(k, 'text'));

export const BILLING_HOURLY: Table = {
  name: 'billing_hourly',
  conflict: ['tenant_id', 'hour', ...BILLING_KEYS],
  columns: [col('tenant_id', 'text'), col('hour', 'int'), ...keys, ...measures],
};

export const BILLING_MONTHLY: Table = {
  name: 'billing_monthly',
  conflict: ['tenant_id', 'month', ...BILLING_KEYS],
  columns: [col('tenant_id', 'text'), col('month', 'int'), ...keys, ...measures],
};

/** The billing records as storage keeps them (money as integer nanos or exact decimal strings). */
import type { StoredEvent } from '../../domain/event.js';
import type { BillingRow } from './deltas.js';

export type { BillingRow };

export interface BillingSettings {
  timezone: string;
  currency: 'USD';
  /** exact decimal strings */
  default_markup_percent: string;
  platform_fee_usd: string;
  minimum_usd: string;
  stripe_event_name: string;
  updated_at: number | null;
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  timezone: 'UTC', currency: 'USD', default_markup_percent: '0', platform_fee_usd: '0', minimum_usd: '0',
  stripe_event_name: 'llm_usage', updated_at: null,
};

export const RULE_SCOPES = ['tenant', 'customer', 'feature', 'model'] as const;
export const RULE_TYPES = ['percent', 'unit_price', 'platform_fee', 'minimum'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];
export type RuleType = (typeof RULE_TYPES)[number];

export interface MarkupRule {
  id: string;
  scope: RuleScope;
  /** the customer id, the feature (outermost section), the model as `provider/model` or `model`; '' for tenant */
  match: string;
  /** only lines of this kind (input, cached_input, cache_write, output, reasoning, other, or a unit name); null: all */
  kind: string | null;
  type: RuleType;
  /** percent, USD per unit, or USD (fee, minimum): an exact decimal string */
  value: string;
  created_at: number;
}

export interface ClosedPeriod {
  period: string;
  from_ms: number;
  to_ms: number;
  timezone: string;
  closed_at: number;
  price_version: string;
  statements: number;
  content_hash: string;
}

export interface StoredStatement {
  period: string;
  customer_id: string;
  cost_nanos: number;
  amount_nanos: number;
  content_hash: string;
  /** the frozen statement, canonical JSON */
  content: string;
}

export interface LateEvent {
  /** the closed period the event started in */
  period: string;
  arrived_at: number;
  event: StoredEvent;
}

export interface OutboxRow {
  identifier: string;
  period: string;
  customer_id: string;
  line_key: string;
  event_name: string;
  stripe_customer_id: string;
  /** the meter value as sent (a decimal string) */
  value: string;
  amount_nanos: number;
  timestamp_s: number;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: number;
  acked_at: number | null;
}

export interface RepriceChange {
  old: StoredEvent;
  new: StoredEvent;
}

export interface RepriceCursor {
  started_at: number;
  id: number;
}

export interface RepriceRecord {
  id: string;
  at: number;
  from_ms: number;
  to_ms: number;
  dry_run: boolean;
  events: number;
  changed: number;
  diff: string;
}

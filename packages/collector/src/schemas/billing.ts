/** Response shapes of the billing routes: settings, markup rules, statements, closing, re-pricing, Stripe sync. */
import { Type } from '@sinclair/typebox';
import { RULE_SCOPES, RULE_TYPES } from '../storage/billing/types.js';
import { Closed, Count, IsoTime, Nullable, NullableIso, NullableString, Usd } from './common.js';

const Decimal = (description: string) => Type.String({ description: `${description} (exact decimal string)` });
const Exact = (description: string) => Type.String({ description: `${description}: exact decimal string` });

export const BillingSettingsSchema = Closed({
  tenant_id: Type.String(),
  timezone: Type.String({ description: 'IANA time zone of the billing periods' }),
  currency: Type.Literal('USD'),
  default_markup_percent: Decimal('markup when no rule matches, percent'),
  platform_fee_usd: Decimal('monthly platform fee per customer, USD'),
  minimum_usd: Decimal('monthly minimum per customer, USD'),
  stripe_event_name: Type.String({ description: 'the Stripe meter event name billed usage is sent as' }),
  updated_at: NullableIso(),
}, { $id: 'BillingSettings' });

export const MarkupRuleSchema = Closed({
  id: Type.String(),
  scope: Type.Union(RULE_SCOPES.map((s) => Type.Literal(s))),
  match: Type.String({ description: "customer id, feature, model (or provider/model); '' for the tenant" }),
  kind: NullableString('only lines of this kind (input, cached_input, cache_write, output, reasoning, other, a unit); null: all'),
  type: Type.Union(RULE_TYPES.map((s) => Type.Literal(s))),
  value: Decimal('percent, USD per unit, or USD'),
  created_at: IsoTime(),
}, { $id: 'MarkupRule' });
export const MarkupRuleListSchema = Closed({ tenant_id: Type.String(), rules: Type.Array(Type.Ref(MarkupRuleSchema)) });
export const SavedRuleSchema = Closed({ tenant_id: Type.String(), rule: Type.Ref(MarkupRuleSchema) });
export const DeletedRuleSchema = Closed({ tenant_id: Type.String(), deleted: Type.String() });

const AppliedRuleSchema = Closed({
  id: Type.String({ description: "the rule's id, or 'default' (the tenant's default markup, fee or minimum)" }),
  scope: Type.String({ description: 'customer, feature, model, tenant or default' }),
  type: Type.String(),
  value: Type.String(),
});

export const StatementLineSchema = Closed({
  provider: NullableString(),
  model: NullableString(),
  feature: NullableString('the outermost section'),
  kind: Type.String({ description: 'input, cached_input, cache_write, output, reasoning, other, a unit name, platform_fee, minimum' }),
  unit: Type.String({ description: 'tokens, usd, month, or the unit name' }),
  quantity: Type.Number(),
  cost_usd: Usd('what the usage cost'),
  markup_usd: Usd('amount − cost'),
  amount_usd: Usd('billed, rounded to the cent'),
  cost: Exact('cost_usd'),
  amount: Exact('amount_usd'),
  rule: Nullable(AppliedRuleSchema),
  adjustment: Nullable(Closed({ period: Type.String(), date: Type.String({ description: 'the original date (YYYY-MM-DD, billing time zone)' }) })),
}, { $id: 'StatementLine' });

export const StatementSchema = Closed({
  tenant_id: Type.String(),
  customer_id: Type.String(),
  period: NullableString('YYYY-MM; null for a preview range'),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  from: IsoTime(),
  to: IsoTime(),
  timezone: Type.String(),
  currency: Type.Literal('USD'),
  cost_usd: Usd(),
  markup_usd: Usd(),
  amount_usd: Usd('what the customer is billed: the exact sum of the lines'),
  cost: Exact('cost_usd'),
  amount: Exact('amount_usd'),
  unpriced_calls: Count('calls without a cost (not billed)'),
  price_version: Type.String(),
  content_hash: NullableString('sha256 of the frozen statement (closed only)'),
  closed_at: NullableIso(),
  lines: Type.Array(Type.Ref(StatementLineSchema)),
}, { $id: 'Statement' });

export const StatementSummarySchema = Closed({
  customer_id: Type.String(),
  cost_usd: Usd(),
  markup_usd: Usd(),
  amount_usd: Usd(),
  amount: Exact('amount_usd'),
  lines: Count(),
  content_hash: NullableString(),
});

export const ClosedPeriodSchema = Closed({
  period: Type.String(),
  from: IsoTime(),
  to: IsoTime(),
  timezone: Type.String(),
  closed_at: IsoTime(),
  price_version: Type.String(),
  statements: Count(),
  content_hash: Type.String(),
}, { $id: 'ClosedPeriod' });

export const StatementListSchema = Closed({
  tenant_id: Type.String(),
  period: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  from: IsoTime(),
  to: IsoTime(),
  timezone: Type.String(),
  closed: Type.Union([Type.Ref(ClosedPeriodSchema), Type.Null()]),
  cost_usd: Usd(),
  amount_usd: Usd(),
  amount: Exact('amount_usd'),
  statements: Type.Array(StatementSummarySchema),
});

export const PeriodListSchema = Closed({ tenant_id: Type.String(), timezone: Type.String(), current: Type.String(), closed: Type.Array(Type.Ref(ClosedPeriodSchema)) });
export const CloseResultSchema = Closed({ tenant_id: Type.String(), created: Type.Boolean({ description: 'false: the period was already closed (nothing changed)' }), period: Type.Ref(ClosedPeriodSchema) });

export const RepriceDiffSchema = Closed({
  customer_id: Nullable(Type.String()),
  provider: Nullable(Type.String()),
  model: Nullable(Type.String()),
  events: Count(),
  old_cost_usd: Usd(),
  new_cost_usd: Usd(),
  delta_usd: Usd(),
});
export const RepriceResultSchema = Closed({
  tenant_id: Type.String(),
  id: Type.String(),
  from: IsoTime(),
  to: IsoTime(),
  dry_run: Type.Boolean(),
  events_scanned: Count(),
  events_changed: Count(),
  skipped_closed_periods: Type.Array(Type.String()),
  old_cost_usd: Usd(),
  new_cost_usd: Usd(),
  diff: Type.Array(RepriceDiffSchema),
}, { $id: 'RepriceResult' });

export const SyncReportSchema = Closed({
  tenant_id: Type.String(),
  period: Type.String(),
  queued: Count('meter events added to the outbox by this call'),
  sent: Count('meter events Stripe acknowledged by this call (a duplicate identifier counts as already sent)'),
  pending: Count('still to send (Stripe unreachable, rate limited)'),
  failed: Count('refused by Stripe (see the reconciliation)'),
});

export const ReconciliationSchema = Closed({
  tenant_id: Type.String(),
  period: Type.String(),
  customers: Type.Array(Closed({
    customer_id: Type.String(),
    billed_usd: Usd('our frozen statement'),
    sent_usd: Usd('acknowledged by Stripe'),
    pending_usd: Usd(),
    failed_usd: Usd(),
    matches: Type.Boolean(),
  })),
}, { $id: 'Reconciliation' });

export const BILLING_COMPONENTS = [BillingSettingsSchema, MarkupRuleSchema, StatementLineSchema, StatementSchema, ClosedPeriodSchema, RepriceResultSchema, ReconciliationSchema];

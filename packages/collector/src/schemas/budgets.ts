/** Request and response shapes of /budgets, /alerts and /webhooks. */
import { Type } from '@sinclair/typebox';
import { Closed, Count, IsoTime, Nullable, NullableIso, NullableString, Usd } from './common.js';

const Label = (maxLength: number, description: string) => Type.Optional(Type.String({ minLength: 1, maxLength, description }));

export const BudgetScopeSchema = Closed(
  {
    customer_id: Label(256, 'One customer, or "*": every customer gets its own instance (a template)'),
    section: Label(256, 'A section label or label path, matched as whole segments'),
    provider: Label(64, 'Provider, e.g. openai'),
    model: Label(256, 'Model as stored'),
  },
  { $id: 'BudgetScope', description: 'Optional filters; empty: the tenant\'s whole spend.' },
);

const Period = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('total')]);
const Action = Type.Union([Type.Literal('alert'), Type.Literal('block')]);
const Unpriced = Type.Union([Type.Literal('flag'), Type.Literal('block')]);
const State = Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('blocked')]);
const Amount = Type.Union([Type.String({ maxLength: 32, pattern: '^[0-9]+(\\.[0-9]{1,9})?$' }), Type.Number({ minimum: 0, maximum: 1e9 })], { description: 'USD, exact to 9 decimals (a decimal string keeps it exact)' });
const Thresholds = Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 10 }), { minItems: 1, maxItems: 10, description: 'Fractions of the amount; crossed when spend ≥ fraction × amount' });

export const BudgetBodySchema = Closed({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  scope: Type.Optional(Type.Ref(BudgetScopeSchema)),
  amount_usd: Amount,
  period: Type.Optional(Period),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone of the calendar periods (default UTC)' })),
  thresholds: Type.Optional(Thresholds),
  action: Type.Optional(Action),
  unpriced: Type.Optional(Unpriced),
});

export const BudgetPatchSchema = Closed({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  scope: Type.Optional(Type.Ref(BudgetScopeSchema)),
  amount_usd: Type.Optional(Amount),
  period: Type.Optional(Period),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  thresholds: Type.Optional(Thresholds),
  action: Type.Optional(Action),
  unpriced: Type.Optional(Unpriced),
});

export const BudgetInstanceSchema = Closed(
  {
    customer_id: NullableString('The template instance\'s customer (or the scope\'s customer)'),
    spent_usd: Usd(),
    amount_usd: Usd(),
    fraction: Type.Number({ description: 'spent / amount' }),
    state: State,
    period_start: NullableIso('null for period total'),
    period_end: NullableIso('null for period total'),
    projected_usd: Nullable(Type.Number({ description: 'Spend at the period end at the burn rate so far' })),
    unpriced_calls: Count('Calls without a price (counted, never $0)'),
  },
  { $id: 'BudgetInstance' },
);

export const BudgetSchema = Closed(
  {
    id: Type.String(),
    name: Type.String(),
    scope: Type.Ref(BudgetScopeSchema),
    amount_usd: Usd(),
    period: Period,
    timezone: Type.String(),
    thresholds: Type.Array(Type.Number()),
    action: Action,
    unpriced: Unpriced,
    template: Type.Boolean({ description: 'customer_id "*": one instance per customer' }),
    created_at: IsoTime(),
    updated_at: IsoTime(),
    summary: Closed({
      state: State,
      instances: Count('Instances with spend this period (templates)'),
      blocked: Count(),
      top: Type.Union([Type.Ref(BudgetInstanceSchema), Type.Null()]),
    }, { description: 'The instance with the largest fraction used, and counts' }),
  },
  { $id: 'Budget' },
);

export const BudgetListSchema = Closed({ tenant_id: Type.String(), budgets: Type.Array(Type.Ref(BudgetSchema)) });
export const SavedBudgetSchema = Closed({ tenant_id: Type.String(), budget: Type.Ref(BudgetSchema) });
export const DeletedSchema = Closed({ tenant_id: Type.String(), deleted: Type.String() });
export const BudgetStatusSchema = Closed({
  tenant_id: Type.String(),
  budget: Type.Ref(BudgetSchema),
  instances: Type.Array(Type.Ref(BudgetInstanceSchema), { description: 'Sorted by fraction used, largest first' }),
  total: Count(),
  next_offset: Nullable(Type.Integer()),
});

export const BlockedSchema = Closed(
  {
    budget_id: Type.String(),
    customer_id: NullableString(),
    scope: Type.Ref(BudgetScopeSchema),
    amount_usd: Usd(),
    spent_usd: Usd(),
    period_end: NullableIso(),
  },
  { $id: 'BlockedInstance' },
);
export const BlockedListSchema = Closed({ tenant_id: Type.String(), blocked: Type.Array(Type.Ref(BlockedSchema)) });

export const AlertSchema = Closed(
  {
    id: Type.String(),
    type: Type.String({ description: 'budget.threshold_crossed, budget.forecast_exceeded or budget.reset' }),
    budget_id: Type.String(),
    customer_id: NullableString(),
    threshold: Nullable(Type.Number()),
    period_start: NullableIso(),
    created_at: IsoTime(),
    data: Type.Unknown({ description: 'The webhook body\'s data, as delivered' }),
  },
  { $id: 'Alert' },
);
export const AlertListSchema = Closed({ tenant_id: Type.String(), alerts: Type.Array(Type.Ref(AlertSchema)) });

export const WebhookBodySchema = Closed({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  events: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, description: 'Event types (default: all)' })),
  format: Type.Optional(Type.Union([Type.Literal('standard'), Type.Literal('slack')])),
});

export const WebhookSchema = Closed(
  {
    id: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.String()),
    format: Type.Union([Type.Literal('standard'), Type.Literal('slack')]),
    created_at: IsoTime(),
    disabled: Type.Boolean({ description: 'Disabled after 10 consecutive failed deliveries' }),
    disabled_at: NullableIso(),
    consecutive_failures: Count(),
    last_attempt_at: NullableIso(),
    last_success_at: NullableIso(),
    last_status: Nullable(Type.Integer()),
    last_error: NullableString(),
    pending: Count(),
    delivered: Count(),
    failed: Count(),
  },
  { $id: 'Webhook' },
);
export const WebhookListSchema = Closed({ tenant_id: Type.String(), webhooks: Type.Array(Type.Ref(WebhookSchema)), event_types: Type.Array(Type.String()) });
export const CreatedWebhookSchema = Closed({ tenant_id: Type.String(), webhook: Type.Ref(WebhookSchema), secret: Type.String({ description: 'whsec_…: shown once' }) });
export const TestDeliverySchema = Closed({ tenant_id: Type.String(), delivery_id: Type.String() });

export const BUDGET_COMPONENTS = [BudgetScopeSchema, BudgetInstanceSchema, BudgetSchema, BlockedSchema, AlertSchema, WebhookSchema];

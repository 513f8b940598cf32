/** Response shapes of the read API (/insights, /customers, /runs): what query/present.ts and query/routes.ts return. */
import { Type, type Static } from '@sinclair/typebox';
import { Closed, Count, IsoTime, Nullable, NullableIso, NullableString, Usd } from './common.js';

/** The additive measures every summary reports. */
export const MetricsProperties = {
  cost_usd: Usd('Priced cost, USD (rounded to 1e-12).'),
  calls: Count('Provider calls (llm, embedding, vector, api spans).'),
  unpriced_calls: Count('Calls that could not be priced.'),
  error_calls: Count(),
  input_tokens: Count(),
  output_tokens: Count(),
  cache_read_tokens: Count(),
  cache_write_tokens: Count(),
  reasoning_tokens: Count(),
  estimated_cost_usd: Usd('The part of cost_usd whose usage the SDK estimated.'),
  estimated_calls: Count('Calls whose usage the SDK estimated (the provider reported none).'),
};
export const MetricsSchema = Closed(MetricsProperties, { $id: 'Metrics', description: 'Totals of a group of events.' });
export type MetricsOut = Static<typeof MetricsSchema>;

export const RangeSchema = Closed({ from: NullableIso('Inclusive start, or null'), to: NullableIso('Exclusive end, or null') });

const Bucket = Type.Union([Type.Literal('hour'), Type.Literal('day')]);

const CustomerRow = Closed({ customer_id: NullableString(), ...MetricsProperties });
const ProviderRow = Closed({ provider: NullableString(), ...MetricsProperties });
const ModelRow = Closed({ provider: NullableString(), model: NullableString(), ...MetricsProperties });
const SectionRow = Closed({ section_path: NullableString(), ...MetricsProperties });
const UnpricedModel = Closed({ provider: NullableString(), model: NullableString(), unpriced_calls: Count() });
const TimePoint = Closed({ start: IsoTime('Start of the bucket (UTC)'), ...MetricsProperties });

/** The breakdowns of a summary (/insights, /customers/:customer_id). */
const SummaryProperties = {
  bucket: Bucket,
  totals: Type.Ref(MetricsSchema),
  by_provider: Type.Array(ProviderRow),
  by_model: Type.Array(ModelRow),
  by_section: Type.Array(SectionRow),
  unpriced_models: Type.Array(UnpricedModel),
  timeseries: Type.Array(TimePoint),
};

export const InsightsSchema = Closed(
  { tenant_id: Type.String(), range: RangeSchema, ...SummaryProperties, by_customer: Type.Array(CustomerRow) },
  { $id: 'Insights', description: 'Totals, breakdowns by customer, provider, model and section, and a time series.' },
);

export const CustomerDetailSchema = Closed(
  { tenant_id: Type.String(), customer_id: Type.String(), range: RangeSchema, share: Type.Number({ description: "Fraction (0..1) of the tenant's spend" }), ...SummaryProperties },
  { $id: 'CustomerDetail' },
);

const CustomerListRow = Closed({
  customer_id: NullableString(),
  ...MetricsProperties,
  share: Type.Number({ description: "Fraction (0..1) of the tenant's spend over the same filters" }),
  previous_cost_usd: Nullable(Usd('Cost over the same-length period just before `from` (null without `from`)')),
  trend: Nullable(Type.Array(Usd(), { description: 'Cost per bucket over the range (null without `from`)' })),
});

export const CustomerListSchema = Closed(
  {
    tenant_id: Type.String(),
    range: RangeSchema,
    bucket: Type.Union([Bucket, Type.Null()], { description: 'Trend bucket (with `from`)' }),
    buckets: Nullable(Type.Array(IsoTime(), { description: 'Start of each trend bucket (with `from`)' })),
    total_cost_usd: Usd(),
    total_estimated_cost_usd: Usd(),
    total_customers: Count(),
    customers: Type.Array(CustomerListRow),
    next_offset: Nullable(Count()),
  },
  { $id: 'CustomerList' },
);

export const RunSummarySchema = Closed(
  {
    run_id: Type.String(),
    started_at: IsoTime(),
    ended_at: IsoTime(),
    duration_ms: Type.Number(),
    customer_id: NullableString(),
    top_section: NullableString(),
    cost_usd: Usd(),
    calls: Count(),
    spans: Count(),
    unpriced_calls: Count(),
    error_calls: Count(),
    input_tokens: Count(),
    output_tokens: Count(),
    estimated_cost_usd: Usd(),
    estimated_calls: Count(),
  },
  { $id: 'RunSummary' },
);

export const RunListSchema = Closed(
  { tenant_id: Type.String(), runs: Type.Array(Type.Ref(RunSummarySchema)), next_cursor: NullableString('Pass as `cursor` for the next page') },
  { $id: 'RunList' },
);

const Numbers = (description: string) => Type.Unsafe<Record<string, number>>({ type: 'object', additionalProperties: { type: 'number' }, description });

export const StoredEventSchema = Closed(
  {
    span_id: Type.String(),
    run_id: Type.String(),
    parent_span_id: NullableString(),
    span_type: Type.String(),
    section: NullableString(),
    section_path: NullableString(),
    tenant_id: Type.String(),
    customer_id: NullableString(),
    provider: NullableString(),
    endpoint: NullableString(),
    model: NullableString(),
    input_tokens: Count(),
    output_tokens: Count(),
    cache_read_tokens: Count(),
    cache_write_tokens: Count(),
    cache_write_1h_tokens: Count(),
    token_details: Nullable(Numbers('Tokens of other modalities (audio, image, video)')),
    reasoning_tokens: Count(),
    units: Nullable(Numbers('Non-token usage (read_units, characters, ...)')),
    cost_usd: Nullable(Usd()),
    cost_status: Type.String(),
    cost_source: NullableString(),
    reported_cost_usd: Nullable(Usd()),
    started_at: IsoTime(),
    latency_ms: Nullable(Type.Number()),
    status: Type.String(),
    error: NullableString(),
    is_streaming: Type.Boolean(),
    usage_estimated: Type.Boolean(),
    metadata: Type.Unknown({ description: 'The tags sent with the event (JSON), or null' }),
    sdk: NullableString(),
    received_at: IsoTime(),
  },
  { $id: 'StoredEvent', description: 'An event as stored and priced.' },
);

export const TreeNodeSchema = Type.Recursive(
  (Node) =>
    Closed({
      span_id: Type.String(),
      span_type: Type.String(),
      name: NullableString(),
      provider: NullableString(),
      model: NullableString(),
      status: Type.String(),
      started_at: IsoTime(),
      latency_ms: Nullable(Type.Number()),
      cost_usd: Nullable(Usd()),
      total_cost_usd: Usd('This span and its descendants'),
      unpriced_spans: Count(),
      children: Type.Array(Node),
    }),
  { $id: 'TreeNode' },
);

export const RunDetailSchema = Closed(
  {
    tenant_id: Type.String(),
    run: Type.Ref(RunSummarySchema),
    events: Type.Array(Type.Ref(StoredEventSchema)),
    tree: Type.Array(Type.Ref(TreeNodeSchema)),
  },
  { $id: 'RunDetail' },
);

/** Shapes referenced by $id: registered once with app.addSchema, named components in /openapi.json. */
export const QUERY_COMPONENTS = [
  MetricsSchema, RunSummarySchema, StoredEventSchema, TreeNodeSchema, InsightsSchema, CustomerDetailSchema, CustomerListSchema, RunListSchema, RunDetailSchema,
];

/**
 * What ingest counts: calls, tokens and cost by tenant, provider and model (customer opt-in), events by result,
 * request latency, SDK-reported drops. Updated once per batch from its outcome: events are summed per label set in a
 * local map first, so a batch of 10,000 events costs one counter update per distinct label set, not per event.
 * Costs are summed in integer nano-dollars and added as dollars once per label set.
 */
import type { StoredEventInput } from '../domain/event.js';
import { BoundedValues, OTHER } from './bounded.js';
import type { MetricsConfig } from './config.js';
import type { MetricsRegistry } from './registry.js';

/** What an event contributes to the usage metrics. */
export type UsageFacts = Pick<StoredEventInput,
  'tenant_id' | 'provider' | 'model' | 'customer_id' | 'status' | 'span_type' | 'input_tokens' | 'output_tokens' |
  'cache_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens' | 'cost_usd'>;

const TOKEN_TYPES = ['input', 'output', 'cache_read', 'cache_write', 'reasoning'] as const;
/** Spans the user opened around calls: part of the tree, not calls. */
const USER_SPANS = new Set(['section', 'agent', 'tool']);
const NANO = 1e9;
const UNKNOWN = 'unknown';

interface Group {
  labels: Record<string, string>;
  nano: number;
  tokens: [number, number, number, number, number];
  calls: Map<string, number>;
}

export class IngestMetrics {
  private readonly cost;
  private readonly tokens;
  private readonly calls;
  private readonly events;
  private readonly duration;
  private readonly drops;
  private readonly tenants: BoundedValues;
  private readonly dropTenants: BoundedValues;
  private readonly customers: BoundedValues | null;
  private readonly series: BoundedValues;

  constructor(registry: MetricsRegistry, config: Pick<MetricsConfig, 'customerLabel' | 'maxCustomers' | 'maxTenants' | 'maxSeries'>) {
    const usage = config.customerLabel ? ['tenant', 'provider', 'model', 'customer'] as const : ['tenant', 'provider', 'model'] as const;
    this.cost = registry.counter({ name: 'llmobserve_cost_usd_total', help: 'Cost of the stored events in USD (as priced by the collector)', labelNames: usage });
    this.tokens = registry.counter({ name: 'llmobserve_tokens_total', help: 'Tokens of the stored events by type (input includes cached, output includes reasoning)', labelNames: [...usage, 'type'] });
    this.calls = registry.counter({ name: 'llmobserve_calls_total', help: 'Tracked calls stored, by status', labelNames: [...usage, 'status'] });
    this.events = registry.counter({ name: 'llmobserve_ingest_events_total', help: 'Events received at POST /events by result', labelNames: ['result'] });
    this.duration = registry.histogram({
      name: 'llmobserve_ingest_request_duration_seconds', help: 'POST /events request latency, until the response is sent', labelNames: ['status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.drops = registry.counter({ name: 'llmobserve_sdk_dropped_events_total', help: 'Events the SDKs reported dropping before delivery (x-llmobserve-dropped)', labelNames: ['tenant'] });
    for (const result of ['accepted', 'duplicate', 'rejected']) this.events.inc({ result }, 0);
    this.tenants = new BoundedValues(config.maxTenants);
    this.dropTenants = new BoundedValues(config.maxTenants);
    this.customers = config.customerLabel ? new BoundedValues(config.maxCustomers) : null;
    this.series = new BoundedValues(config.maxSeries);
  }

  /** One batch's outcome: the newly stored events (duplicates left out), and how many were duplicates or rejected. */
  recordBatch(stored: readonly UsageFacts[], duplicates: number, rejected: number): void {
    if (stored.length > 0) this.events.inc({ result: 'accepted' }, stored.length);
    if (duplicates > 0) this.events.inc({ result: 'duplicate' }, duplicates);
    if (rejected > 0) this.events.inc({ result: 'rejected' }, rejected);
    if (stored.length === 0) return;
    const groups = new Map<string, Group>();
    for (const e of stored) {
      const key = `${e.tenant_id}\u0000${e.provider ?? ''}\u0000${e.model ?? ''}\u0000${this.customers ? (e.customer_id ?? '') : ''}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { labels: this.labelsOf(e), nano: 0, tokens: [0, 0, 0, 0, 0], calls: new Map() };
        groups.set(key, g);
      }
      if (e.cost_usd !== null) g.nano += Math.round(e.cost_usd * NANO);
      g.tokens[0] += e.input_tokens;
      g.tokens[1] += e.output_tokens;
      g.tokens[2] += e.cache_read_tokens;
      g.tokens[3] += e.cache_write_tokens;
      g.tokens[4] += e.reasoning_tokens;
      if (!USER_SPANS.has(e.span_type)) g.calls.set(e.status, (g.calls.get(e.status) ?? 0) + 1);
    }
    for (const g of groups.values()) {
      if (g.nano !== 0) this.cost.inc(g.labels, g.nano / NANO);
      TOKEN_TYPES.forEach((type, i) => {
        if (g.tokens[i]! > 0) this.tokens.inc({ ...g.labels, type }, g.tokens[i]);
      });
      for (const [status, n] of g.calls) this.calls.inc({ ...g.labels, status }, n);
    }
  }

  /** The labels of a label set first seen in a batch, bounded: tenants, customers, then combinations. */
  private labelsOf(e: UsageFacts): Record<string, string> {
    const labels: Record<string, string> = { tenant: this.tenants.admit(e.tenant_id), provider: e.provider ?? UNKNOWN, model: e.model ?? UNKNOWN };
    if (this.customers) labels.customer = this.customers.admit(e.customer_id ?? UNKNOWN);
    const combination = `${labels.tenant}\u0000${labels.provider}\u0000${labels.model}\u0000${labels.customer ?? ''}`;
    if (this.series.admit(combination) === OTHER) {
      labels.provider = OTHER;
      labels.model = OTHER;
      if (this.customers) labels.customer = OTHER;
    }
    return labels;
  }

  /** A POST /events request answered (any status, client errors included). */
  observeRequest(statusCode: number, seconds: number): void {
    this.duration.observe({ status_code: String(statusCode) }, seconds);
  }

  recordSdkDrops(tenantId: string, count: number): void {
    if (count > 0) this.drops.inc({ tenant: this.dropTenants.admit(tenantId) }, count);
  }
}

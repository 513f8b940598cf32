/**
 * What ingest counts: calls, tokens and cost by tenant, provider and model (customer opt-in), events by result,
 * request latency, SDK-reported drops.
 *
 * Cheap on the ingest path: each event is added to a plain per-series record found by one map lookup on its raw
 * label key (memoised, bounded), and prom-client's counters are filled from those records only when /metrics is
 * scraped (`collect`). So a batch costs one string and one map lookup per event, and no prom-client call.
 * Costs are summed in integer nano-dollars (whole dollars carried apart, so no precision is lost over a long uptime).
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

type Tokens = [number, number, number, number, number];

/** The running totals of one label set. */
interface Series {
  readonly labels: Record<string, string>;
  dollars: number;
  nano: number;
  readonly tokens: Tokens;
  readonly calls: Map<string, number>;
}

type Level<T> = Map<string | null, T>;

/**
 * The series each raw (tenant, provider, model[, customer]) of an event counts in, by nested maps on the event's own
 * strings (no key string built per event); at most `max` remembered, since raw values are unbounded.
 */
class SeriesMemo {
  private readonly root: Level<Level<Level<Series | Level<Series>>>> = new Map();
  private size = 0;
  constructor(private readonly byCustomer: boolean, private readonly max: number) {}

  find(e: UsageFacts): Series | undefined {
    const leaf = this.root.get(e.tenant_id)?.get(e.provider)?.get(e.model);
    return this.byCustomer ? (leaf as Level<Series> | undefined)?.get(e.customer_id) : (leaf as Series | undefined);
  }

  remember(e: UsageFacts, s: Series): Series {
    if (this.size >= this.max) return s;
    this.size++;
    let providers = this.root.get(e.tenant_id);
    if (!providers) this.root.set(e.tenant_id, (providers = new Map()));
    let models = providers.get(e.provider);
    if (!models) providers.set(e.provider, (models = new Map()));
    if (!this.byCustomer) {
      models.set(e.model, s);
      return s;
    }
    let customers = models.get(e.model) as Level<Series> | undefined;
    if (!customers) models.set(e.model, (customers = new Map()));
    customers.set(e.customer_id, s);
    return s;
  }
}

export class IngestMetrics {
  private readonly series = new Map<string, Series>();
  private readonly memo: SeriesMemo;
  private readonly events;
  private readonly duration;
  private readonly drops;
  private readonly tenants: BoundedValues;
  private readonly dropTenants: BoundedValues;
  private readonly customers: BoundedValues | null;
  private readonly combinations: BoundedValues;

  constructor(registry: MetricsRegistry, config: Pick<MetricsConfig, 'customerLabel' | 'maxCustomers' | 'maxTenants' | 'maxSeries'>) {
    const usage = config.customerLabel ? ['tenant', 'provider', 'model', 'customer'] as const : ['tenant', 'provider', 'model'] as const;
    const all = () => this.series.values();
    registry.counter({
      name: 'llmobserve_cost_usd_total', help: 'Cost of the stored events in USD (as priced by the collector)', labelNames: usage,
      collect() {
        this.reset();
        for (const s of all()) if (s.dollars !== 0 || s.nano !== 0) this.inc(s.labels, s.dollars + s.nano / NANO);
      },
    });
    registry.counter({
      name: 'llmobserve_tokens_total', help: 'Tokens of the stored events by type (input includes cached, output includes reasoning)', labelNames: [...usage, 'type'],
      collect() {
        this.reset();
        for (const s of all()) TOKEN_TYPES.forEach((type, i) => s.tokens[i]! > 0 && this.inc({ ...s.labels, type }, s.tokens[i]));
      },
    });
    registry.counter({
      name: 'llmobserve_calls_total', help: 'Tracked calls stored, by status', labelNames: [...usage, 'status'],
      collect() {
        this.reset();
        for (const s of all()) for (const [status, n] of s.calls) this.inc({ ...s.labels, status }, n);
      },
    });
    this.events = registry.counter({ name: 'llmobserve_ingest_events_total', help: 'Events received at POST /events and spans at POST /v1/traces, by result', labelNames: ['result'] });
    for (const result of ['accepted', 'duplicate', 'rejected']) this.events.inc({ result }, 0);
    this.duration = registry.histogram({
      name: 'llmobserve_ingest_request_duration_seconds', help: 'POST /events request latency, until the response is sent', labelNames: ['status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.drops = registry.counter({ name: 'llmobserve_sdk_dropped_events_total', help: 'Events the SDKs reported dropping before delivery (x-llmobserve-dropped)', labelNames: ['tenant'] });
    this.tenants = new BoundedValues(config.maxTenants);
    this.dropTenants = new BoundedValues(config.maxTenants);
    this.customers = config.customerLabel ? new BoundedValues(config.maxCustomers) : null;
    this.combinations = new BoundedValues(config.maxSeries);
    this.memo = new SeriesMemo(config.customerLabel, 4 * config.maxSeries);
  }

  /** One batch's outcome: the newly stored events (duplicates left out), and how many were duplicates or rejected. */
  recordBatch(stored: readonly UsageFacts[], duplicates: number, rejected: number): void {
    if (stored.length > 0) this.events.inc({ result: 'accepted' }, stored.length);
    if (duplicates > 0) this.events.inc({ result: 'duplicate' }, duplicates);
    if (rejected > 0) this.events.inc({ result: 'rejected' }, rejected);
    for (const e of stored) {
      const userSpan = USER_SPANS.has(e.span_type);
      // The spans around calls usually carry nothing to count: they take no label set (and no series slot).
      if (userSpan && e.cost_usd === null && e.input_tokens === 0 && e.output_tokens === 0) continue;
      const s = this.memo.find(e) ?? this.memo.remember(e, this.seriesOf(e));
      if (e.cost_usd !== null) {
        s.nano += Math.round(e.cost_usd * NANO);
        if (s.nano >= NANO) {
          // whole dollars carried out, so the nano-dollar sum stays small and exact over any uptime
          const whole = Math.floor(s.nano / NANO);
          s.dollars += whole;
          s.nano -= whole * NANO;
        }
      }
      s.tokens[0] += e.input_tokens;
      s.tokens[1] += e.output_tokens;
      s.tokens[2] += e.cache_read_tokens;
      s.tokens[3] += e.cache_write_tokens;
      s.tokens[4] += e.reasoning_tokens;
      if (!userSpan) s.calls.set(e.status, (s.calls.get(e.status) ?? 0) + 1);
    }
  }

  /** The series of a label set first seen in a batch, bounded: tenants, customers, then combinations. */
  private seriesOf(e: UsageFacts): Series {
    const labels: Record<string, string> = { tenant: this.tenants.admit(e.tenant_id), provider: e.provider ?? UNKNOWN, model: e.model ?? UNKNOWN };
    if (this.customers) labels.customer = this.customers.admit(e.customer_id ?? UNKNOWN);
    if (this.combinations.admit(`${labels.tenant}\u0000${labels.provider}\u0000${labels.model}\u0000${labels.customer ?? ''}`) === OTHER) {
      labels.provider = OTHER;
      labels.model = OTHER;
      if (this.customers) labels.customer = OTHER;
    }
    const id = `${labels.tenant}\u0000${labels.provider}\u0000${labels.model}\u0000${labels.customer ?? ''}`;
    let s = this.series.get(id);
    if (s === undefined) this.series.set(id, (s = { labels, dollars: 0, nano: 0, tokens: [0, 0, 0, 0, 0], calls: new Map() }));
    return s;
  }

  /** A POST /events request answered (any status, client errors included). */
  observeRequest(statusCode: number, seconds: number): void {
    this.duration.observe({ status_code: String(statusCode) }, seconds);
  }

  recordSdkDrops(tenantId: string, count: number): void {
    if (count > 0) this.drops.inc({ tenant: this.dropTenants.admit(tenantId) }, count);
  }
}

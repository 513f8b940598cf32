/**
 * The collector's Prometheus registry (prom-client): one per app, so that several collectors in one process (tests)
 * never share series. Other modules add their own metrics through `counter`/`gauge`/`histogram` (names prefixed
 * `llmobserve_` by convention), e.g. webhook deliveries or budget states; GET /metrics renders them all.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from 'prom-client';

type Without<T> = Omit<T, 'registers'>;

export class MetricsRegistry {
  readonly registry = new Registry();

  /** `processMetrics`: Node's and the process's own (CPU, memory, event loop lag, GC, handles), unprefixed as usual. */
  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Without<CounterConfiguration<L>>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Without<GaugeConfiguration<L>>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Without<HistogramConfiguration<L>>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * The collector's metrics: one registry per app, the ingest metrics on it, and room for others' (webhooks,
 * budgets): `metrics.registry.counter({...})` and GET /metrics shows them.
 */
import { DEFAULT_METRICS_CONFIG, type MetricsConfig } from './config.js';
import { IngestMetrics } from './ingest.js';
import { MetricsRegistry } from './registry.js';

export { MetricsRegistry } from './registry.js';
export { IngestMetrics, type UsageFacts } from './ingest.js';
export { BoundedValues, OTHER } from './bounded.js';
export { DEFAULT_METRICS_CONFIG, resolveMetricsConfig, type MetricsConfig } from './config.js';

export interface CollectorMetrics {
  readonly config: MetricsConfig;
  readonly registry: MetricsRegistry;
  readonly ingest: IngestMetrics;
}

export function createCollectorMetrics(config: Partial<MetricsConfig> = {}, options: { processMetrics?: boolean } = {}): CollectorMetrics {
  const full = { ...DEFAULT_METRICS_CONFIG, ...config };
  const registry = new MetricsRegistry(options);
  return { config: full, registry, ingest: new IngestMetrics(registry, full) };
}
export { createActionMetrics, type ActionMetrics } from './actions.js';

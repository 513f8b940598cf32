/**
 * Metrics of what turns costs into action: webhook deliveries by event type and result, budget alerts by type, and
 * the budget instances in each state (as this collector last evaluated them). Labels are bounded by construction:
 * event types come from the webhook registry, states are three.
 */
import type { MetricsRegistry } from './registry.js';

export interface ActionMetrics {
  delivery(eventType: string, ok: boolean): void;
  alerts(types: string[]): void;
}

export function createActionMetrics(registry: MetricsRegistry, budgetStates: () => Record<'ok' | 'warning' | 'blocked', number>): ActionMetrics {
  const deliveries = registry.counter({
    name: 'llmobserve_webhook_deliveries_total', help: 'Webhook delivery attempts by event type and result (ok: the receiver answered 2xx)',
    labelNames: ['event_type', 'result'],
  });
  const alerts = registry.counter({ name: 'llmobserve_budget_alerts_total', help: 'Budget alerts committed (each once, by the ledger), by type', labelNames: ['type'] });
  registry.gauge({
    name: 'llmobserve_budget_instances', help: 'Budget instances by state, as this collector last evaluated them', labelNames: ['state'],
    collect() {
      this.reset();
      for (const [state, n] of Object.entries(budgetStates())) this.set({ state }, n);
    },
  });
  return {
    delivery: (eventType, ok) => deliveries.inc({ event_type: eventType, result: ok ? 'ok' : 'failed' }),
    alerts: (types) => {
      for (const type of types) alerts.inc({ type });
    },
  };
}

/**
 * The webhook event types of billing (`statement.closed`) and insights (`insight.found`), and the wiring of their
 * domain hooks to the durable outbox: signed like the budget alerts (Standard Webhooks), retried, once per event.
 */
import { formatUsd, usdToNanos } from '@llmobserve/shared';
import type { BillingService, StatementClosedEvent } from '../billing/service.js';
import type { InsightHook } from '../insights/service.js';
import { presentFinding } from '../insights/routes.js';
import type { Storage } from '../storage/types.js';
import type { Outbox } from '../webhooks/outbox.js';
import { publishWebhookEvents } from '../webhooks/publish.js';
import { registerWebhookEvent } from '../webhooks/registry.js';

registerWebhookEvent({
  type: 'statement.closed',
  description: "A customer's statement of a period was closed (frozen, with its content hash)",
  slackText: ({ data }) => `LLMObserve: statement ${String(data.period)} of ${String(data.customer_id)} closed — billed $${formatUsd(usdToNanos(Number(data.amount_usd)), 2)}.`,
});
registerWebhookEvent({
  type: 'insight.found',
  description: 'An insight finding was opened (cost spike, regression, retry loop, cheaper model, cache miss, prompt bloat)',
  slackText: ({ data }) => `LLMObserve: ${String(data.kind)} found — ${String(data.title)} ($${formatUsd(usdToNanos(Number(data.at_stake_usd_per_month)), 2)} a month at stake).`,
});

type Log = (err: unknown, what: string) => void;

export function wireBillingWebhooks(billing: BillingService, storage: Storage, outbox: Outbox, log: Log): void {
  billing.onStatementClosed.push(async (e: StatementClosedEvent) => {
    try {
      if ((await publishWebhookEvents(storage, e.tenant_id, [{ type: e.type, key: `${e.period}\u001f${e.customer_id}`, data: { ...e } }])) > 0) outbox.kick();
    } catch (err) {
      log(err, 'statement.closed webhook not queued');
    }
  });
}

export function insightWebhookHook(storage: Storage, outbox: Outbox, log: Log): InsightHook {
  return {
    async found(tenantId, findings) {
      try {
        const events = findings.map((f) => ({ type: 'insight.found', key: f.id, data: { tenant_id: tenantId, ...presentFinding(f) } }));
        if ((await publishWebhookEvents(storage, tenantId, events)) > 0) outbox.kick();
      } catch (err) {
        log(err, 'insight.found webhooks not queued');
      }
    },
  };
}

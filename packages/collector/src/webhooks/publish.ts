/**
 * Queues webhook events to every endpoint of a tenant subscribed to their type (the durable outbox, webhook_deliveries),
 * for the features other than budgets (whose alerts are queued with their ledger row). The message id is derived from
 * (tenant, type, key), so publishing the same event twice — a retried close, a restart — queues it once.
 */
import { createHash } from 'node:crypto';
import { BudgetStore } from '../storage/budget-store.js';
import type { Storage } from '../storage/types.js';
import { webhookEventType } from './registry.js';

export interface PublishedEvent {
  type: string;
  /** What makes this event unique within its type and tenant (e.g. `2026-11/customer-7`). */
  key: string;
  data: Record<string, unknown>;
}

/** Queues the events to the tenant's subscribed endpoints (one statement each); how many deliveries were queued. */
export async function publishWebhookEvents(storage: Storage, tenantId: string, events: PublishedEvent[], now = Date.now()): Promise<number> {
  for (const e of events) if (!webhookEventType(e.type)) throw new Error(`webhook event type ${e.type} is not registered`);
  const timestamp = new Date(now).toISOString();
  return new BudgetStore(storage.budgetSql, tenantId).enqueueToSubscribers(events.map((e) => ({
    msg_id: `msg_${createHash('sha256').update(`${tenantId}\u001f${e.type}\u001f${e.key}`).digest('base64url').slice(0, 24)}`,
    event_type: e.type,
    payload: JSON.stringify({ type: e.type, timestamp, data: e.data }),
    created_at: now,
  })));
}

/**
 * Queues one webhook event to every endpoint of a tenant subscribed to its type (the durable outbox, webhook_deliveries),
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

export async function publishWebhookEvent(storage: Storage, tenantId: string, event: PublishedEvent, now = Date.now()): Promise<number> {
  if (!webhookEventType(event.type)) throw new Error(`webhook event type ${event.type} is not registered`);
  const store = new BudgetStore(storage.budgetSql, tenantId);
  const msg = `msg_${createHash('sha256').update(`${tenantId}\u001f${event.type}\u001f${event.key}`).digest('base64url').slice(0, 24)}`;
  const payload = JSON.stringify({ type: event.type, timestamp: new Date(now).toISOString(), data: event.data });
  let queued = 0;
  for (const e of await store.listEndpoints()) {
    if (e.disabled_at !== null || (e.events.length > 0 && !e.events.includes(event.type))) continue;
    await store.enqueueDelivery({ id: `${msg}_${e.id}`, endpoint_id: e.id, msg_id: msg, event_type: event.type, payload, created_at: now });
    queued++;
  }
  return queued;
}

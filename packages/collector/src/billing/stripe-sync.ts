/**
 * Billed usage to Stripe, through its Billing Meter Events API (the official `stripe` client): one meter event per
 * line of a frozen statement, value = the line's billed amount in cents, `identifier` derived from (tenant,
 * customer, period, line) so that Stripe itself refuses a second copy.
 *
 * A durable outbox: the events are queued in the database (billing_outbox) first; each attempt is recorded before
 * it is sent, and acknowledged after. A crash between the send and the acknowledgement, or any replay of the sync,
 * sends the same identifier again: Stripe answers "An event already exists with identifier …", which counts as
 * delivered — never billed twice. 429s and network failures leave the event pending for the next sync.
 */
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { nanosToUsd } from '@llmobserve/shared';
import { ApiError } from '../domain/errors.js';
import type { BillingStore } from '../storage/billing/store.js';
import type { OutboxRow } from '../storage/billing/types.js';
import type { StatementView } from './service.js';

export interface StripeTarget {
  apiKey: string;
  /** e.g. http://127.0.0.1:12111 (a local mock); default Stripe's own API */
  apiBase?: string;
}

/** From LLMOBSERVE_STRIPE_API_KEY and LLMOBSERVE_STRIPE_API_BASE; null when not configured. */
export function stripeTargetFromEnv(env: NodeJS.ProcessEnv = process.env): StripeTarget | null {
  const apiKey = env.LLMOBSERVE_STRIPE_API_KEY;
  if (!apiKey) return null;
  return { apiKey, apiBase: env.LLMOBSERVE_STRIPE_API_BASE || undefined };
}

export function stripeClient(t: StripeTarget): Stripe {
  const base = t.apiBase ? new URL(t.apiBase) : null;
  return new Stripe(t.apiKey, {
    maxNetworkRetries: 0, timeout: 10_000, telemetry: false,
    ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'http:' ? 80 : 443), protocol: base.protocol === 'http:' ? 'http' : 'https' } : {}),
  });
}

export const meterIdentifier = (tenant: string, customer: string, period: string, lineKey: string) =>
  `llmo_${createHash('sha256').update(JSON.stringify([tenant, customer, period, lineKey])).digest('hex').slice(0, 48)}`;

/** The outbox rows of frozen statements (lines with a billed amount). */
export function outboxRows(tenant: string, eventName: string, statements: StatementView[], now: number): OutboxRow[] {
  const rows: OutboxRow[] = [];
  for (const v of statements) {
    const s = v.statement;
    s.lines.forEach((l, i) => {
      if (l.amount_nanos === 0) return;
      const lineKey = `${i + 1}:${l.kind}:${l.provider ?? ''}/${l.model ?? ''}/${l.feature ?? ''}${l.adjustment ? `@${l.adjustment.period}/${l.adjustment.date}` : ''}`;
      rows.push({
        identifier: meterIdentifier(tenant, s.customer_id, s.period!, lineKey), period: s.period!, customer_id: s.customer_id, line_key: lineKey,
        event_name: eventName, stripe_customer_id: s.customer_id, value: String(l.amount_nanos / 10_000_000), amount_nanos: l.amount_nanos,
        timestamp_s: Math.floor(now / 1000), status: 'pending', attempts: 0, last_error: null, created_at: now, acked_at: null,
      });
    });
  }
  return rows;
}

const isDuplicate = (err: { statusCode?: number; message?: string }) => err.statusCode === 400 && /already exists with identifier/i.test(err.message ?? '');

/** Sends the pending meter events of a period; answers how many were acknowledged, are still pending, failed. */
export async function drainOutbox(store: BillingStore, client: Stripe, period: string): Promise<{ sent: number; pending: number; failed: number }> {
  let sent = 0;
  let blocked = false;
  for (const row of await store.outbox({ period, status: 'pending' })) {
    if (blocked) break;
    await store.markAttempt(row.identifier);
    try {
      await client.billing.meterEvents.create({
        event_name: row.event_name, identifier: row.identifier, timestamp: row.timestamp_s,
        payload: { stripe_customer_id: row.stripe_customer_id, value: row.value },
      });
      await store.markOutcome(row.identifier, 'sent', null, Date.now());
      sent++;
    } catch (e) {
      const err = e as { statusCode?: number; message?: string; type?: string };
      if (isDuplicate(err)) {
        await store.markOutcome(row.identifier, 'sent', null, Date.now());
        sent++;
      } else if (err.statusCode === undefined || err.statusCode === 429 || err.statusCode >= 500) {
        // unreachable, cut off mid-answer, rate limited or failing: stays pending, the next sync resumes here
        await store.markOutcome(row.identifier, 'pending', (err.message ?? String(e)).slice(0, 500), null);
        blocked = true;
      } else {
        await store.markOutcome(row.identifier, 'failed', (err.message ?? String(e)).slice(0, 500), null);
      }
    }
  }
  const after = await store.outbox({ period });
  return { sent, pending: after.filter((r) => r.status === 'pending').length, failed: after.filter((r) => r.status === 'failed').length };
}

/** Ours (the frozen statements) against what Stripe acknowledged, per customer. */
export function reconcile(statements: StatementView[], outbox: OutboxRow[]) {
  const sums = new Map<string, { sent: number; pending: number; failed: number }>();
  for (const r of outbox) {
    const s = sums.get(r.customer_id) ?? { sent: 0, pending: 0, failed: 0 };
    s[r.status] += r.amount_nanos;
    sums.set(r.customer_id, s);
  }
  return statements.map((v) => {
    const s = sums.get(v.statement.customer_id) ?? { sent: 0, pending: 0, failed: 0 };
    return {
      customer_id: v.statement.customer_id, billed_usd: nanosToUsd(v.statement.amount_nanos), sent_usd: nanosToUsd(s.sent),
      pending_usd: nanosToUsd(s.pending), failed_usd: nanosToUsd(s.failed), matches: s.sent === v.statement.amount_nanos,
    };
  });
}

export function requireStripe(t: StripeTarget | null): StripeTarget {
  if (!t) throw new ApiError(409, 'stripe_not_configured', 'set LLMOBSERVE_STRIPE_API_KEY (and LLMOBSERVE_STRIPE_API_BASE for a local mock) to sync to Stripe');
  return t;
}

/**
 * The webhook event types: each feature registers the types it sends (budgets today; billing's `statement.closed`
 * and insights' `insight.found` plug in the same way), with a one-line Slack rendering of its body.
 */
export interface WebhookEventType {
  type: string;
  description: string;
  /** The Slack incoming-webhook text for a body of this type. */
  slackText(body: { type: string; data: Record<string, unknown> }): string;
}

const registry = new Map<string, WebhookEventType>();

export function registerWebhookEvent(t: WebhookEventType): void {
  registry.set(t.type, t);
}

export function webhookEventType(type: string): WebhookEventType | undefined {
  return registry.get(type);
}

export function webhookEventTypes(): string[] {
  return [...registry.keys()].sort();
}

registerWebhookEvent({
  type: 'webhook.test',
  description: 'A test delivery (POST /webhooks/:id/test)',
  slackText: () => 'LLMObserve: test delivery — this endpoint receives LLMObserve events.',
});

/**
 * The collector's insights: evaluations on demand (`POST /insights/evaluate`) and on a schedule (every
 * `intervalMs`, every tenant; off when 0), one at a time per tenant in this process, and the `insight.found` hook
 * called with each evaluation's new findings.
 *
 * Delivery: webhooks (signed, from a durable outbox) belong to the budgets issue; until they are merged the hook is
 * this small interface, and the webhook sender subscribes to it (`insight.found`).
 */
import { usdToNanos } from '@llmobserve/shared';
import type { Storage } from '../storage/types.js';
import type { StoredFinding } from '../storage/insights/types.js';
import type { TokenPricer } from '../pricing/token-prices.js';
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './config.js';
import { evaluateTenant, type EvaluationResult } from './evaluate.js';
import type { PriceFn } from './series.js';

export interface InsightHook {
  /** `insight.found`: findings this evaluation opened (not the ones it updated). Errors are logged, never thrown. */
  found(tenantId: string, findings: StoredFinding[]): void | Promise<void>;
}

export interface InsightsOptions {
  /** Scheduled evaluation of every tenant, ms (env LLMOBSERVE_INSIGHTS_INTERVAL_MS); 0 or absent: off. */
  intervalMs?: number;
  hook?: InsightHook;
  config?: DetectorConfig;
  /** The clock (tests). */
  now?: () => number;
}

/** The price table (genai-prices through the collector's pricer) as the detectors see it: nano-dollars or null. */
export function priceTable(tokens: TokenPricer, at: () => number): PriceFn {
  return (provider, model, usage) => {
    const p = tokens.price(provider === '' ? null : provider, model, { ...usage, reasoning_tokens: 0, cache_write_1h_tokens: 0, token_details: null }, at());
    // bounded to the exact range: absurd token counts give a huge saving, never a failed evaluation
    return p === null ? null : usdToNanos(Math.min(Math.max(p.cost_usd, 0), 9e6));
  };
}

export class Insights {
  private readonly running = new Map<string, Promise<EvaluationResult>>();
  private timer: NodeJS.Timeout | null = null;
  private sweep: Promise<void> | null = null;
  private readonly config: DetectorConfig;
  private readonly now: () => number;
  private readonly price: PriceFn;

  constructor(private readonly storage: Storage, tokens: TokenPricer, private readonly options: InsightsOptions = {}) {
    this.config = options.config ?? DEFAULT_DETECTOR_CONFIG;
    this.now = options.now ?? Date.now;
    this.price = priceTable(tokens, this.now);
  }

  /** Evaluates one tenant; a call while one runs for the same tenant waits for it and then runs its own. */
  evaluate(tenantId: string): Promise<EvaluationResult> {
    const before = this.running.get(tenantId) ?? Promise.resolve(null);
    const next = before.catch(() => null).then(async () => {
      const result = await evaluateTenant(this.storage.forTenant(tenantId).insights(), this.price, this.config, this.now());
      const opened = result.findings.filter((f) => result.new_ids.has(f.id));
      if (opened.length > 0 && this.options.hook) {
        try {
          await this.options.hook.found(tenantId, opened);
        } catch (err) {
          process.stderr.write(`llmobserve: insight.found hook failed for tenant ${tenantId}: ${(err as Error).message}\n`);
        }
      }
      return result;
    });
    this.running.set(tenantId, next);
    void next.finally(() => {
      if (this.running.get(tenantId) === next) this.running.delete(tenantId);
    }).catch(() => undefined);
    return next;
  }

  /** Starts the schedule (first run after one interval). */
  start(): void {
    const every = this.options.intervalMs ?? 0;
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (!this.sweep) this.sweep = this.evaluateAll().finally(() => (this.sweep = null));
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweep?.catch(() => undefined);
    await Promise.allSettled([...this.running.values()]);
  }

  private async evaluateAll(): Promise<void> {
    try {
      for (const t of await this.storage.admin.listTenants()) {
        if (!this.timer) return;
        await this.evaluate(t.tenant_id).catch((err: Error) => process.stderr.write(`llmobserve: insights evaluation of ${t.tenant_id} failed: ${err.message}\n`));
      }
    } catch (err) {
      process.stderr.write(`llmobserve: insights schedule: ${(err as Error).message}\n`);
    }
  }
}

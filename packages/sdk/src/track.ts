/**
 * `track()`: a manual event for any API the SDK does not intercept (Stripe fees, Twilio minutes, an internal GPU
 * service), attributed like an intercepted call to the current tenant, customer, run and section.
 *
 *   track({ provider: 'twilio', endpoint: 'calls', units: { minutes: 3.5 } });            // priced by the collector
 *   track({ provider: 'stripe', endpoint: 'charge_fee', costUsd: 0.59 });                // a known cost
 *   track({ provider: 'acme-gpu', endpoint: 'generate', model: 'sdxl', units: { gpu_seconds: 12 }, costUsd: 0.03 });
 *
 * Never throws: invalid input is logged once and ignored (like every SDK failure).
 */
import type { TraceEvent } from '@llmobserve/shared';
import { LIMITS } from './constants.js';
import { currentContext } from './context/store.js';
import { attribution, isoTime, newId, roundMs, SDK_FIELD, truncate, truncateOrNull } from './events.js';
import { errorMessage, log } from './log.js';
import { getActive } from './state.js';

export interface TrackOptions {
  /** e.g. `stripe`, `twilio`, `internal-gpu` (required). */
  provider: string;
  /** e.g. `charge_fee`, `calls`, `generate` (required). */
  endpoint: string;
  model?: string;
  /** Non-token usage, e.g. `{ minutes: 3.5 }`, `{ requests: 1 }`: priced by the collector's prices. */
  units?: Record<string, number>;
  /** Token usage, when the API is a model the collector can price. */
  inputTokens?: number;
  outputTokens?: number;
  /** The cost, when you know it: used when the collector has no price for this usage (`cost_source: manual`). */
  costUsd?: number;
  /** Default `api`. */
  spanType?: 'llm' | 'embedding' | 'vector' | 'api';
  /** Default `ok`. */
  status?: 'ok' | 'error' | 'cancelled' | 'rate_limited' | 'timeout';
  latencyMs?: number;
  /** When the call started (default: now). */
  startedAt?: Date;
  metadata?: Record<string, string | number | boolean>;
}

const nonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Records one manual event; returns its span id, or null when nothing was recorded (not observing, invalid). */
export function track(options: TrackOptions): string | null {
  try {
    const active = getActive();
    if (!active || !active.config.enabled) return null;
    const o = options as Partial<TrackOptions> | null | undefined;
    if (!o || typeof o.provider !== 'string' || o.provider === '' || typeof o.endpoint !== 'string' || o.endpoint === '') {
      log.warnOnce('track-invalid', 'track() needs { provider, endpoint } as non-empty strings; event ignored');
      return null;
    }
    const spanId = newId();
    const a = attribution(currentContext(), active.config, spanId);
    if (!a) return null;
    const event: TraceEvent = {
      span_id: spanId,
      run_id: a.run_id,
      parent_span_id: a.parent_span_id,
      span_type: o.spanType ?? 'api',
      section: a.section,
      section_path: a.section_path,
      tenant_id: a.tenant_id,
      customer_id: a.customer_id,
      provider: truncate(o.provider, 64),
      endpoint: truncate(o.endpoint, 128),
      model: truncateOrNull(o.model, LIMITS.nameLength),
      input_tokens: nonNeg(o.inputTokens) ? Math.round(o.inputTokens) : 0,
      output_tokens: nonNeg(o.outputTokens) ? Math.round(o.outputTokens) : 0,
      started_at: isoTime(o.startedAt instanceof Date && !Number.isNaN(o.startedAt.getTime()) ? o.startedAt.getTime() : Date.now()),
      status: o.status ?? 'ok',
      sdk: SDK_FIELD,
    };
    if (nonNeg(o.latencyMs)) event.latency_ms = roundMs(o.latencyMs);
    if (o.units && typeof o.units === 'object') {
      const units: Record<string, number> = {};
      let n = 0;
      for (const [k, v] of Object.entries(o.units)) {
        if (!nonNeg(v) || k === '' || n >= 32) continue;
        units[truncate(k, 64)] = v;
        n++;
      }
      if (n > 0) event.units = units;
    }
    if (nonNeg(o.costUsd)) {
      event.cost_usd = o.costUsd;
      event.cost_source = 'manual';
    }
    if (o.metadata && typeof o.metadata === 'object') event.metadata = { ...o.metadata };
    active.emit(event);
    return spanId;
  } catch (err) {
    log.debug(`track() failed: ${errorMessage(err)}`);
    return null;
  }
}

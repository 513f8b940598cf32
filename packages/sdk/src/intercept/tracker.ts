/**
 * One tracked HTTP call: an undici handler decorator that forwards every callback to the original handler FIRST,
 * unchanged, and only then keeps references to the bytes for itself. The caller's bytes, errors and chunk timing
 * are therefore those of the original handler. Everything expensive (decompression, JSON/SSE parsing, building
 * the event) runs after the response ended, batched with other calls' a little later (finishing.ts), off the
 * caller's path.
 *
 * (About 300 lines: one handler's state, from headers to event; the call's status is call-status.ts, the kept
 * request body request-body.ts, body readers body.ts.)
 */
import type { CanonicalUsage, TraceEvent } from '@llmobserve/shared';
import type { Context } from '../context/store.js';
import { estimateTokens } from '../estimate/tokens.js';
import { attribution, callEvent, newId, truncate } from '../events.js';
import { errorMessage, log } from '../log.js';
import type { EndpointMatch, ProviderAdapter, RequestSummary, ResponseSummary } from '../providers/types.js';
import { emptySummary } from '../providers/types.js';
import type { ActiveState } from '../state.js';
import { callStatus } from './call-status.js';
import { RequestBody } from './request-body.js';
import type { Operation } from './operations.js';
import { isJsonLinesType } from '../providers/sse.js';
import { ForwardingHandler, type EndKind, type LegacyHandler } from './forwarding.js';
import { finishLater, type Finishing } from './finishing.js';
import { decompressorFor, firstStringField, JsonBody, lastObjectField, SseBody, type Decompressor } from './body.js';

export interface TrackerHost {
  /** The active state at finish time (null: observe() was turned off meanwhile, drop). */
  active(): ActiveState | null;
  /** Calls finished but whose event is not built yet (flush waits for them). */
  pendingStarted(token: object): void;
  pendingDone(token: object): void;
}

function headerName(raw: unknown): string {
  return typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('latin1') : String(raw);
}

export type { LegacyHandler };

export class CallTracker extends ForwardingHandler implements Finishing {
  private readonly startedAt = Date.now();
  private readonly t0 = performance.now();
  private t1 = 0;
  private readonly request = new RequestBody();
  private statusCode = 0;
  private contentType = '';
  private contentEncoding = '';
  private requestId: string | null = null;
  private json: JsonBody | null = null;
  private sse: SseBody | null = null;
  private decompress: Decompressor | null = null;
  private gotData = false;
  /** A successful response that is neither JSON nor SSE (audio, plain text): recorded, its body not read. */
  private opaque = false;
  private ended = false;
  private endKind: EndKind = 'complete';
  private endError: unknown = null;

  constructor(
    h: LegacyHandler,
    private readonly host: TrackerHost,
    private readonly adapter: ProviderAdapter,
    private readonly match: EndpointMatch,
    private readonly ctx: Context,
    /** the client's own timeout (openai sends `x-stainless-timeout`, in seconds), to tell a timeout from a cancel */
    private readonly clientTimeoutMs: number | null,
    /** the client call this attempt belongs to (retries share it) */
    private readonly operation: Operation,
    /** the origin called, when it is not one of the adapter's own (a gateway, a mapped or detected host) */
    private readonly providerHost: string | null = null,
  ) {
    super(h);
  }

  // ---- bookkeeping after the forwarded callbacks (ForwardingHandler) ----

  protected override bodySent(chunk: unknown): void {
    this.request.add(chunk);
  }

  protected headers(statusCode: number, headers: unknown): void {
    this.statusCode = statusCode;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        const k = headers[i] as unknown;
        const len = (k as { length?: number }).length;
        if (len !== 12 && len !== 16) continue;
        const name = headerName(k).toLowerCase();
        if (name === 'content-type') this.contentType = headerName(headers[i + 1]).toLowerCase();
        else if (name === 'content-encoding') this.contentEncoding = headerName(headers[i + 1]).trim().toLowerCase();
        else if (name === 'x-request-id') this.requestId = headerName(headers[i + 1]);
      }
    }
    if (statusCode >= 200) this.setupBody();
  }

  protected data(chunk: Buffer): void {
    this.gotData = true;
    if (this.decompress) this.decompress.write(chunk);
    else this.addBody(chunk);
  }

  // ---- our side ----

  private setupBody(): void {
    const ct = this.contentType;
    if (this.statusCode < 400 && ct !== '' && !ct.includes('json') && !ct.includes('text/event-stream')) {
      this.opaque = true;
      return;
    }
    if (ct.includes('text/event-stream')) {
      this.sse = new SseBody(this.adapter, this.match.endpoint);
    } else if (this.statusCode < 400 && isJsonLinesType(ct)) {
      this.sse = new SseBody(this.adapter, this.match.endpoint, 'lines');
    } else {
      this.json = new JsonBody();
    }
    const d = decompressorFor(this.contentEncoding);
    if (d === undefined) return;
    if (d === null) {
      // unknown encoding: we cannot read it; the call is still recorded (without usage)
      this.json = null;
      this.sse = null;
      return;
    }
    d.on('data', (c: Buffer) => this.addBody(c));
    d.on('error', (err) => {
      log.debug(`response decompression failed: ${errorMessage(err)}`);
      this.decompress = null;
    });
    this.decompress = d;
  }

  private addBody(chunk: Buffer): void {
    if (this.sse) this.sse.add(chunk);
    else if (this.json) this.json.add(chunk);
  }

  protected end(kind: EndKind, err: unknown): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.t1 = performance.now();
      this.endKind = kind;
      this.endError = err;
      this.host.pendingStarted(this);
      const d = this.decompress;
      if (d) {
        // whichever comes first; the other is not waited for (setupBody's 'error' listener stays)
        const go = () => {
          d.off('end', go).off('error', go);
          finishLater(this, this.keptBytes());
        };
        d.once('end', go).once('error', go);
        d.end();
      } else {
        finishLater(this, this.keptBytes());
      }
    } catch (e) {
      log.debug(`tracker end: ${errorMessage(e)}`);
    }
  }

  /** What this call keeps until its event is built (finishing.ts bounds the total). */
  private keptBytes(): number {
    return this.request.size + (this.json?.size ?? 0) + (this.sse?.size ?? 0);
  }

  private requestSummary(): RequestSummary {
    return this.request.summary(this.adapter, this.match.endpoint);
  }

  /** Builds and emits the event (finishing.ts calls it, batched); never throws. */
  finalize(): void {
    try {
      const active = this.host.active();
      if (active && active.config.enabled) {
        const event = this.buildEvent(active);
        if (event) active.emit(event);
      }
    } catch (err) {
      log.debug(`could not record a call: ${errorMessage(err)}`);
    } finally {
      this.request.clear();
      this.json = null;
      this.sse = null;
      this.host.pendingDone(this);
    }
  }

  private buildEvent(active: ActiveState): TraceEvent | null {
    const spanId = newId();
    const a = attribution(this.ctx, active.config, spanId);
    if (!a) return null;
    if (this.statusCode >= 300 && this.statusCode < 400) return null; // redirects: the followed request is tracked

    let bodyError: string | null = null;
    let summary: ResponseSummary = emptySummary();
    let bodyUnreadable = false;

    if (this.sse) {
      summary = this.sse.finish();
    } else if (this.json && this.statusCode > 0) {
      const parsed = this.readJson(this.json);
      if (parsed === undefined) bodyUnreadable = this.endKind === 'complete';
      else if (this.statusCode < 400) summary = parsed;
      else bodyError = parsed.error;
    }
    const { status, error } = callStatus({
      kind: this.endKind,
      err: this.endError,
      elapsedMs: this.t1 - this.t0,
      clientTimeoutMs: this.clientTimeoutMs,
      statusCode: this.statusCode,
      bodyUnreadable,
      bodyError,
      summaryError: summary.error,
    });

    // usage: reported, else estimated when the model did (or may have done) work for this call
    let usage: CanonicalUsage | null = summary.usage;
    let estimated = false;
    let req: RequestSummary | null = null;
    const produced = this.statusCode >= 200 && this.statusCode < 300 && this.gotData && !bodyUnreadable;
    let units = summary.units ?? null;
    let unitsEstimated = summary.unitsEstimated === true;
    if ((!units || unitsEstimated) && !usage && produced) {
      // units known from the request (image size/quality, speech characters, upload size, Pinecone write sizes);
      // they replace units the response gave only as an estimate
      req = this.requestSummary();
      if (req.units) {
        units = req.units;
        unitsEstimated = req.unitsEstimated === true;
      }
    }
    if (usage && summary.usagePartial) {
      // input reported up front, the final usage never came (an interrupted stream): estimate the output
      usage = { ...usage, output_tokens: Math.max(usage.output_tokens, estimateTokens(summary.outputChars)) };
      estimated = true;
    } else if (!usage && produced && !units) {
      req ??= this.requestSummary();
      usage = {
        input_tokens: req.estimatedInputTokens,
        output_tokens: estimateTokens(summary.outputChars),
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        reasoning_tokens: 0,
      };
      estimated = true;
    }
    if (units && unitsEstimated) estimated = true;
    let model = summary.model;
    if (model === null) {
      req ??= this.requestSummary();
      model = req.model ?? this.match.model ?? null;
    }
    const isStreaming = this.sse !== null || (req?.stream ?? false);

    const metadata: Record<string, string | number> = { operation_id: this.operation.id, attempt: this.operation.attempt };
    if (summary.responseId) metadata.provider_response_id = truncate(summary.responseId, 256);
    if (this.requestId) metadata.provider_request_id = truncate(this.requestId, 256);
    if (this.providerHost) metadata.provider_host = truncate(this.providerHost, 256);

    const event = callEvent(spanId, a, {
      spanType: this.match.spanType,
      provider: this.adapter.name,
      endpoint: this.match.endpoint,
      model,
      usage,
      startedAt: this.startedAt,
      latencyMs: (this.t1 || performance.now()) - this.t0,
      status,
      error,
      isStreaming,
      usageEstimated: estimated,
    });
    event.metadata = metadata;
    if (units) event.units = units;
    if (typeof summary.costUsd === 'number' && Number.isFinite(summary.costUsd) && summary.costUsd >= 0) {
      event.cost_usd = summary.costUsd;
      event.cost_source = 'provider';
    }
    return event;
  }

  /**
   * A successful body -> summary; an error body -> { error }; unreadable -> undefined. Large bodies (truncated
   * to head + tail) are read by field extraction instead of a full parse.
   */
  private readJson(body: JsonBody): ResponseSummary | undefined {
    const endpoint = this.match.endpoint;
    if (body.truncated) {
      const usage = lastObjectField(body.tailText(), 'usage');
      const head = body.headText();
      const s = this.adapter.summarizeJson(endpoint, { usage, model: firstStringField(head, 'model'), id: firstStringField(head, 'id') });
      return s;
    }
    if (body.size === 0) return this.statusCode >= 400 ? emptySummary() : undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text());
    } catch {
      if (this.statusCode >= 400) return emptySummary();
      return undefined;
    }
    if (this.statusCode >= 400) {
      const s = emptySummary();
      s.error = this.adapter.errorMessage(parsed);
      return s;
    }
    return this.adapter.summarizeJson(endpoint, parsed);
  }
}

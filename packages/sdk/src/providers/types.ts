/**
 * A provider adapter knows one wire format: which requests to track and how to read usage from their bodies. All
 * methods are pure functions of their inputs, so each adapter is unit-tested without a network, and a new provider
 * (Anthropic, Gemini, Pinecone, ...) is one more module registered in `registry.ts`.
 */
import type { CanonicalUsage } from '@llmobserve/shared';

export type CallSpanType = 'llm' | 'embedding' | 'vector' | 'api';

export interface EndpointMatch {
  /** e.g. `chat.completions`, `embeddings`, `responses` */
  endpoint: string;
  spanType: CallSpanType;
  /** The model named by the URL (Gemini: `/models/<model>:generateContent`), used when the response names none. */
  model?: string;
}

export interface RequestSummary {
  /** The model as requested. */
  model: string | null;
  stream: boolean;
  /** Local estimate of input tokens (see estimate/tokens.ts), used only when the provider reports no usage. */
  estimatedInputTokens: number;
  /**
   * Non-token units known from the request (OpenAI images by size/quality, speech characters), used when the
   * response reports neither usage nor units.
   */
  units?: Record<string, number> | null;
  /** True when `units` are a local estimate (audio seconds from the upload's size): the event is `usage_estimated`. */
  unitsEstimated?: boolean;
}

export interface ResponseSummary {
  /** The model as the provider returned it. */
  model: string | null;
  /** The provider's id of the response (`chatcmpl-…`, `resp_…`). */
  responseId: string | null;
  /** Usage in the canonical convention, or null when the provider reported none. */
  usage: CanonicalUsage | null;
  /** Characters of generated text seen, for a local estimate when `usage` is null. */
  outputChars: number;
  /** An error the body reported (an error object, a failed response, an SSE error event). */
  error: string | null;
  /**
   * True when `usage` is incomplete: a stream that reported its input usage up front (Anthropic's `message_start`)
   * but ended before its final usage. The output is then estimated locally and the event is `usage_estimated`.
   */
  usagePartial?: boolean;
  /** Non-token usage (`read_units`, `write_units`, `search_queries`, `requests`, ...), when the call has some. */
  units?: Record<string, number> | null;
  /** True when `units` are a local estimate (e.g. Pinecone write units): the event is then `usage_estimated`. */
  unitsEstimated?: boolean;
  /** A cost the provider itself reported for this call (OpenRouter's `usage.cost`): kept by the collector. */
  costUsd?: number | null;
}

/** One server-sent event: the `event:` field (null when absent) and the joined `data:` lines. */
export interface SseEvent {
  event: string | null;
  data: string;
}

/**
 * One result of a batch (a line of OpenAI's Batch output file, or of Anthropic's message-batch results): the request
 * the provider ran later, at the batch discount.
 */
export interface BatchResultItem {
  /**
   * Unique id of this result (OpenAI `batch_req_…`; Anthropic `<batch id>/<custom_id>`). The event's span id is
   * derived from it, so results read twice (a retried download, a second reader) are stored once.
   */
  key: string;
  customId: string | null;
  spanType: CallSpanType;
  model: string | null;
  responseId: string | null;
  requestId: string | null;
  usage: CanonicalUsage | null;
  units?: Record<string, number> | null;
  status: 'ok' | 'error' | 'cancelled' | 'timeout';
  error: string | null;
  /** When the provider ran the request (epoch ms), when the result says (OpenAI's `created`); else null. */
  createdAtMs: number | null;
}

/** Reads batch results downloads (JSON lines): which requests are ones, and what each line says. */
export interface BatchResultsReader {
  /** The endpoint recorded for results (the collector's batch discount is keyed on provider + endpoint). */
  readonly endpoint: string;
  /** A request downloading results -> a reference recorded with them (batch id, file id), or null. */
  match(method: string, path: string): string | null;
  /**
   * One parsed line -> its result; null when the line is not a batch result (the download is then some other file,
   * e.g. an uploaded batch input, and is not read further).
   */
  summarizeLine(ref: string, line: unknown): BatchResultItem | null;
  /** A line too long to keep whole (huge embedding results): read from its first and last 64 KiB. */
  summarizeLongLine(ref: string, head: string, tail: string): BatchResultItem | null;
}

export interface ProviderAdapter {
  readonly name: string;
  /** Origins tracked by default, e.g. `https://api.openai.com`. */
  readonly origins: readonly string[];
  /** Host suffixes tracked over https, e.g. `.openai.azure.com` (per-resource hosts); optional. */
  readonly hostSuffixes?: readonly string[];
  /** The endpoint of a request, or null when it is not a billable call we track (e.g. `GET /v1/models`). */
  matchEndpoint(method: string, path: string): EndpointMatch | null;
  /** `body`: the parsed JSON request body, or the raw body as a latin1 string when it is not JSON (multipart). */
  summarizeRequest(endpoint: string, body: unknown): RequestSummary;
  /** A complete JSON response body of a successful call. */
  summarizeJson(endpoint: string, body: unknown): ResponseSummary;
  /**
   * Folds stream events into a summary. `prev` is the summary of earlier events of the same stream (long streams
   * are folded in parts to bound memory), null for the first part.
   */
  summarizeStream(endpoint: string, events: readonly SseEvent[], prev: ResponseSummary | null): ResponseSummary;
  /** The message of an error response body (status >= 400), or null. */
  errorMessage(body: unknown): string | null;
  /** Batch results downloads, when the provider has a batch API. */
  readonly batchResults?: BatchResultsReader;
}

/** A successful result with nothing known yet but its key and custom id. */
export function newBatchItem(key: string, customId: string | null): BatchResultItem {
  return { key, customId, spanType: 'llm', model: null, responseId: null, requestId: null, usage: null, status: 'ok', error: null, createdAtMs: null };
}

export function emptySummary(): ResponseSummary {
  return { model: null, responseId: null, usage: null, outputChars: 0, error: null };
}

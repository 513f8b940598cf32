/**
 * OpenAI SSE streams: Chat Completions chunks (usage in the last chunk with `stream_options.include_usage`) and
 * Responses events (usage in `response.completed` / `incomplete` / `failed`). Pure functions only.
 */
import { textLength } from '../estimate/tokens.js';
import { openAIErrorMessage, summarizeOpenAIJson } from './openai-endpoints.js';
import { normalizeChatUsage } from './openai-usage.js';
import { emptySummary, type ResponseSummary, type SseEvent } from './types.js';
import { isObj, parseJson, str } from './util.js';

const USAGE_RE = /"usage"\s*:\s*\{/;
const RESPONSE_TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function responsesEventType(e: SseEvent): string | null {
  if (e.event) return e.event;
  const m = /"type"\s*:\s*"([^"]+)"/.exec(e.data);
  return m ? m[1]! : null;
}

/**
 * Stream summary. Fast path: the usage is in the last events (`include_usage` chunk, `response.completed`), so the
 * events are scanned from the end and only those are parsed; every event is parsed only when no usage came (to
 * count output characters for the estimate), or when folding a part of a long stream (`prev`).
 */
export function summarizeOpenAIStream(
  endpoint: string,
  events: readonly SseEvent[],
  prev: ResponseSummary | null,
): ResponseSummary {
  const s = prev ? { ...prev } : emptySummary();
  if (endpoint === 'responses') {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      const type = responsesEventType(e);
      if (type === null || !RESPONSE_TERMINAL.has(type)) continue;
      const d = parseJson(e.data);
      if (!isObj(d) || !isObj(d.response)) continue;
      const r = summarizeOpenAIJson('responses', d.response);
      if (r.usage) {
        if (type === 'response.failed' && !r.error) r.error = 'response failed';
        return { ...r, model: r.model ?? s.model, responseId: r.responseId ?? s.responseId };
      }
    }
    for (const e of events) {
      const type = responsesEventType(e);
      if (type === null) continue;
      if (type.endsWith('.delta')) {
        const d = parseJson(e.data);
        if (isObj(d) && typeof d.delta === 'string') s.outputChars += d.delta.length;
        continue;
      }
      if (type === 'response.created' || type === 'response.in_progress' || RESPONSE_TERMINAL.has(type)) {
        const d = parseJson(e.data);
        if (isObj(d) && isObj(d.response)) {
          s.model = str(d.response.model) ?? s.model;
          s.responseId = str(d.response.id) ?? s.responseId;
          if (type === 'response.failed') s.error = openAIErrorMessage(d.response) ?? 'response failed';
        }
        continue;
      }
      if (type === 'error') {
        const d = parseJson(e.data);
        s.error = openAIErrorMessage(d) ?? (isObj(d) ? str(d.message) : null) ?? 'stream error';
      }
    }
    return s;
  }

  // chat.completions (and any other chunked JSON stream)
  if (!prev) {
    for (let i = events.length - 1; i >= 0; i--) {
      const data = events[i]!.data;
      if (!USAGE_RE.test(data)) continue;
      const d = parseJson(data);
      if (!isObj(d)) continue;
      const usage = normalizeChatUsage(d.usage);
      if (!usage) continue;
      s.usage = usage;
      s.model = str(d.model);
      s.responseId = str(d.id);
      if (s.model === null || s.responseId === null) {
        const first = events.length > 0 ? parseJson(events[0]!.data) : undefined;
        if (isObj(first)) {
          s.model ??= str(first.model);
          s.responseId ??= str(first.id);
        }
      }
      return s;
    }
  }
  for (const e of events) {
    if (e.data === '[DONE]') continue;
    const d = parseJson(e.data);
    if (!isObj(d)) continue;
    if (isObj(d.error)) {
      s.error = openAIErrorMessage(d);
      continue;
    }
    s.model ??= str(d.model);
    s.responseId ??= str(d.id);
    const usage = normalizeChatUsage(d.usage);
    if (usage) s.usage = usage;
    if (Array.isArray(d.choices)) {
      for (const c of d.choices) if (isObj(c)) s.outputChars += textLength(c.delta);
    }
  }
  return s;
}

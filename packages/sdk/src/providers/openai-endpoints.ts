/**
 * OpenAI endpoints (also spoken by OpenAI-compatible servers): which requests are billable calls, what a request
 * says before the answer (model, stream, estimated input, units of images / audio / speech), and what a complete
 * JSON answer says (model, id, usage or units, error). Pure functions only.
 */
import { estimateTokens, textLength } from '../estimate/tokens.js';
import { normalizeChatUsage, normalizeResponsesUsage } from './openai-usage.js';
import { emptySummary, type EndpointMatch, type RequestSummary, type ResponseSummary } from './types.js';
import { cleanPath, isObj, str, zeroUsage } from './util.js';

const ENDPOINTS: ReadonlyArray<{ suffix: string; match: EndpointMatch }> = [
  { suffix: '/chat/completions', match: { endpoint: 'chat.completions', spanType: 'llm' } },
  { suffix: '/responses', match: { endpoint: 'responses', spanType: 'llm' } },
  { suffix: '/embeddings', match: { endpoint: 'embeddings', spanType: 'embedding' } },
  { suffix: '/images/generations', match: { endpoint: 'images.generations', spanType: 'api' } },
  { suffix: '/images/edits', match: { endpoint: 'images.edits', spanType: 'api' } },
  { suffix: '/audio/transcriptions', match: { endpoint: 'audio.transcriptions', spanType: 'api' } },
  { suffix: '/audio/translations', match: { endpoint: 'audio.translations', spanType: 'api' } },
  { suffix: '/audio/speech', match: { endpoint: 'audio.speech', spanType: 'api' } },
  { suffix: '/moderations', match: { endpoint: 'moderations', spanType: 'api' } },
  { suffix: '/batches', match: { endpoint: 'batches.create', spanType: 'api' } },
];

/** Bytes per second of the typical upload (MP3 at 128 kbit/s), to estimate audio seconds from a file's size. */
const AUDIO_BYTES_PER_SECOND = 16_000;

/**
 * The overlay's image unit: `images_<size>_<quality>` (unit-prices.ts). DALL·E 2 has one quality (`standard`);
 * DALL·E 3's are `standard` (also for `auto`) and `hd`; other models keep the quality as requested.
 */
function imageUnit(model: string, size: unknown, quality: unknown): string {
  const sz = typeof size === 'string' && size !== 'auto' ? size : '1024x1024';
  let q = typeof quality === 'string' ? quality : 'standard';
  if (model.startsWith('dall-e-')) q = q === 'hd' && model === 'dall-e-3' ? 'hd' : 'standard';
  return `images_${sz}_${q}`;
}

/** A multipart/form-data body (as latin1): its text fields and the size in bytes of its `file` part. */
function readMultipart(raw: string): { fields: Record<string, string>; fileBytes: number } {
  const fields: Record<string, string> = {};
  let fileBytes = 0;
  const nl = raw.indexOf('\r\n');
  if (!raw.startsWith('--') || nl < 0) return { fields, fileBytes };
  const boundary = raw.slice(0, nl);
  for (const part of raw.split(boundary)) {
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd < 0) continue;
    const name = /name="([^"]*)"/.exec(part.slice(0, headEnd));
    if (!name) continue;
    let value = part.slice(headEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    if (/filename="/.test(part.slice(0, headEnd))) fileBytes += value.length;
    else if (value.length <= 256) fields[name[1]!] = value;
  }
  return { fields, fileBytes };
}

/** Matches by path suffix, so `/v1/chat/completions`, `/chat/completions` and proxies' prefixes all match. */
export function matchOpenAIEndpoint(method: string, path: string): EndpointMatch | null {
  if (method !== 'POST') return null;
  const p = cleanPath(path);
  for (const e of ENDPOINTS) {
    if (p.endsWith(e.suffix)) return e.match;
  }
  return null;
}

export function summarizeOpenAIRequest(endpoint: string, body: unknown): RequestSummary {
  if ((endpoint === 'audio.transcriptions' || endpoint === 'audio.translations') && typeof body === 'string') {
    // multipart upload: the audio's length is estimated from the file's size (used when the response reports none)
    const { fields, fileBytes } = readMultipart(body);
    const seconds = Math.round((fileBytes / AUDIO_BYTES_PER_SECOND) * 10) / 10;
    const units = seconds > 0 ? { audio_seconds: seconds } : null;
    return { model: str(fields.model), stream: fields.stream === 'true', estimatedInputTokens: 0, units, unitsEstimated: true };
  }
  if (endpoint === 'images.edits' && typeof body === 'string') {
    // multipart upload: model, n, size and quality are form fields
    const { fields } = readMultipart(body);
    const model = str(fields.model) ?? 'dall-e-2'; // the API's default
    const n = Math.max(1, Math.round(Number(fields.n ?? 1)) || 1);
    return { model, stream: fields.stream === 'true', estimatedInputTokens: 0, units: { [imageUnit(model, fields.size, fields.quality)]: n } };
  }
  if (!isObj(body)) return { model: null, stream: false, estimatedInputTokens: 0 };
  if (endpoint === 'images.generations') {
    const model = str(body.model) ?? 'dall-e-2'; // the API's default
    const n = typeof body.n === 'number' && body.n > 0 ? Math.round(body.n) : 1;
    return { model, stream: body.stream === true, estimatedInputTokens: 0, units: { [imageUnit(model, body.size, body.quality)]: n } };
  }
  if (endpoint === 'audio.speech') {
    const chars = typeof body.input === 'string' ? body.input.length : 0;
    return { model: str(body.model), stream: false, estimatedInputTokens: 0, units: chars > 0 ? { characters: chars } : null };
  }
  const model = str(body.model);
  const stream = body.stream === true;
  let estimatedInputTokens = 0;
  if (endpoint === 'chat.completions') {
    estimatedInputTokens = estimateTokens(textLength(body.messages));
  } else if (endpoint === 'responses') {
    estimatedInputTokens = estimateTokens(textLength(body.input) + textLength(body.instructions));
  } else if (endpoint === 'embeddings') {
    estimatedInputTokens = embeddingInputTokens(body.input);
  }
  return { model, stream, estimatedInputTokens };
}

/** Embeddings input: text (estimated), or token-id arrays (counted exactly). */
function embeddingInputTokens(input: unknown): number {
  if (typeof input === 'string') return estimateTokens(input.length);
  if (!Array.isArray(input)) return 0;
  if (input.length > 0 && typeof input[0] === 'number') return input.length;
  let n = 0;
  for (const x of input) {
    if (typeof x === 'string') n += estimateTokens(x.length);
    else if (Array.isArray(x)) n += x.length;
  }
  return n;
}

export function openAIErrorMessage(body: unknown): string | null {
  if (!isObj(body)) return null;
  const e = body.error;
  if (isObj(e)) return str(e.message) ?? str(e.code) ?? str(e.type) ?? 'error';
  if (typeof e === 'string') return e;
  return str(body.message);
}

/** A complete `chat.completion`, embeddings `list` or Responses `response`. */
export function summarizeOpenAIJson(endpoint: string, body: unknown): ResponseSummary {
  const s = emptySummary();
  if (!isObj(body)) return s;
  s.model = str(body.model);
  s.responseId = str(body.id);
  if (endpoint === 'audio.transcriptions' || endpoint === 'audio.translations') {
    // verbose_json: `duration`; json: `usage` of type `duration` (seconds) or `tokens` (gpt-4o-transcribe)
    const u = isObj(body.usage) ? body.usage : null;
    const seconds = typeof body.duration === 'number' ? body.duration : u && u.type === 'duration' && typeof u.seconds === 'number' ? u.seconds : 0;
    if (seconds > 0) s.units = { audio_seconds: seconds };
    else if (u && u.type === 'tokens') s.usage = normalizeResponsesUsage(u);
    return s;
  }
  if (endpoint === 'images.generations' || endpoint === 'images.edits') {
    // gpt-image-*: tokens, image input tokens apart; DALL·E: none (units from the request)
    s.usage = normalizeResponsesUsage(body.usage);
    return s;
  }
  if (endpoint === 'moderations') {
    s.units = { requests: 1 }; // free: priced $0 by the overlay
    return s;
  }
  if (endpoint === 'batches.create') {
    // creating a batch is free; its requests are billed (at the batch discount) when they run
    s.usage = zeroUsage();
    return s;
  }
  if (endpoint === 'responses') {
    s.usage = normalizeResponsesUsage(body.usage);
    s.outputChars = textLength(body.output);
    if (body.status === 'failed' || isObj(body.error)) s.error = openAIErrorMessage(body) ?? 'response failed';
  } else {
    s.usage = normalizeChatUsage(body.usage);
    if (endpoint === 'chat.completions' && Array.isArray(body.choices)) {
      for (const c of body.choices) if (isObj(c)) s.outputChars += textLength(c.message);
    }
    if (isObj(body.error)) s.error = openAIErrorMessage(body);
  }
  return s;
}

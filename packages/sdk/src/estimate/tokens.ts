/**
 * Local token estimate, used only when a provider reports no usage (a stream without a usage chunk, a stream the
 * caller abandoned, a server that omits usage). Events built from it carry `usage_estimated: true`.
 *
 * Heuristic: one token per 4 characters of text (rounded up), the usual rule of thumb for English text with
 * OpenAI's tokenizers. Token-id arrays (embeddings input given as tokens) are counted exactly. Images, audio and
 * tool schemas are not counted. It is deliberately cheap: no tokenizer is loaded.
 */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(chars: number): number {
  return chars > 0 ? Math.ceil(chars / CHARS_PER_TOKEN) : 0;
}

/** Keys whose string values are text a model reads or writes. */
const TEXT_KEYS = new Set([
  'content',
  'text',
  'input',
  'instructions',
  'arguments',
  'refusal',
  'reasoning_content',
  'name',
  'delta',
  'output',
  'summary',
  'tool_calls',
  'function',
]);

const MAX_DEPTH = 12;

/**
 * Sums the lengths of text in a request/response fragment: a string counts whole; in objects only keys that hold
 * text (`content`, `text`, `arguments`, ...) are followed, so ids, roles, URLs and base64 images are not counted.
 */
export function textLength(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) n += textLength(v, depth + 1);
    return n;
  }
  for (const key in value) {
    if (!TEXT_KEYS.has(key)) continue;
    n += textLength((value as Record<string, unknown>)[key], depth + 1);
  }
  return n;
}

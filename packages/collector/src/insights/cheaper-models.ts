/**
 * The cheaper sibling of a model, same provider, that serves short-output (classification-like) calls and
 * embeddings: a small table of our own (ordered; first match wins). The savings are always computed from the price
 * table for the observed token mix; a pair whose price genai-prices does not know gives no finding.
 */
const LADDER: [RegExp, RegExp, string][] = [
  [/^openai$/, /^text-embedding-3-large/, 'text-embedding-3-small'],
  [/^openai$/, /^text-embedding-ada-002/, 'text-embedding-3-small'],
  [/^openai$/, /^gpt-4o(-\d{4}-\d{2}-\d{2})?$/, 'gpt-4o-mini'],
  [/^openai$/, /^gpt-4\.1(-\d{4}-\d{2}-\d{2})?$/, 'gpt-4.1-mini'],
  [/^openai$/, /^gpt-4\.1-mini(-\d{4}-\d{2}-\d{2})?$/, 'gpt-4.1-nano'],
  [/^openai$/, /^gpt-4(-turbo)?(-\d{4}-\d{2}-\d{2}|-preview|-\d{4})?$/, 'gpt-4o-mini'],
  [/^openai$/, /^gpt-5(-\d{4}-\d{2}-\d{2})?$/, 'gpt-5-mini'],
  [/^openai$/, /^gpt-5-mini(-\d{4}-\d{2}-\d{2})?$/, 'gpt-5-nano'],
  [/^openai$/, /^o1(-\d{4}-\d{2}-\d{2})?$/, 'o3-mini'],
  [/^openai$/, /^o3(-\d{4}-\d{2}-\d{2})?$/, 'o4-mini'],
  [/^anthropic$/, /^claude-(3-opus|opus-4|3-5-sonnet|3-7-sonnet|sonnet-4)/, 'claude-3-5-haiku-latest'],
  [/^google/, /^gemini-(1\.5|2\.5)-pro/, 'gemini-2.5-flash'],
  [/^google/, /^gemini-2\.5-flash$/, 'gemini-2.5-flash-lite'],
];

/** The cheaper model to try for this provider and model, or null. */
export function cheaperModel(provider: string, model: string): string | null {
  for (const [p, m, target] of LADDER) if (p.test(provider) && m.test(model)) return target;
  return null;
}

export const isEmbeddingModel = (model: string) => /embed/i.test(model);

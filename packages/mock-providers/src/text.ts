/** What the mocks count as the text of a request (to derive token counts from it), shared by every mock. */

/**
 * The text of a prompt in any provider's shape: strings, arrays of parts, `{ text }` parts, and messages holding
 * their parts under `content` (OpenAI, Anthropic, Mistral, Cohere) or `parts` (Gemini).
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text;
    if ('content' in o) return textOf(o.content);
    if ('parts' in o) return textOf(o.parts);
  }
  return '';
}

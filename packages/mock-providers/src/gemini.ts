/**
 * A local mock of the Gemini API (generativelanguage.googleapis.com) reproducing its documented wire formats:
 *
 *  - POST /v1beta/models/<model>:generateContent            -> GenerateContentResponse (`candidates`,
 *    `usageMetadata`, `modelVersion`, `responseId`)
 *  - POST /v1beta/models/<model>:streamGenerateContent?alt=sse -> SSE `data:` events, each a
 *    GenerateContentResponse with a text part; `usageMetadata` (cumulative) on every chunk, the last one with
 *    `finishReason: "STOP"` and the final counts
 *  - POST /v1beta/models/<model>:embedContent / :batchEmbedContents -> `embedding` / `embeddings` (no usage, as
 *    the API answers)
 *  - POST /v1beta/models/<model>:countTokens                -> `{ totalTokens }`
 *
 * Usage follows Gemini's convention: `promptTokenCount` includes `cachedContentTokenCount`; `thoughtsTokenCount`
 * is not part of `candidatesTokenCount`.
 *
 * The token counts by modality come as the API sends them: `promptTokensDetails` (default: all TEXT),
 * `candidatesTokensDetails`, `cacheTokensDetails`, each `[{ modality: "TEXT" | "AUDIO" | "IMAGE" | "VIDEO",
 * tokenCount }]`.
 *
 * Request headers: `x-mock-usage` (JSON `{promptTokenCount, candidatesTokenCount, cachedContentTokenCount,
 * thoughtsTokenCount, promptTokensDetails, candidatesTokensDetails, cacheTokensDetails}`), `x-mock-reply`,
 * `x-mock-status`, `x-mock-fail-after` (N stream events, then cut).
 */
import { randomBytes } from 'node:crypto';
import { mockHeader, mockHeaderJson, mockHeaderNumber, sendJson, sendSse, startJsonServer, type MockServer } from './anthropic.js';
import { splitReply } from './openai.js';
import { textOf } from './text.js';

export const GEMINI_DEFAULT_REPLY = 'Hello from the mock Gemini server, streamed word by word.';

export async function startMockGemini(): Promise<MockServer> {
  return startJsonServer(async (req, res, body, path) => {
    const status = mockHeaderNumber(req, 'x-mock-status');
    if (status !== null) {
      const s = status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
      return sendJson(res, status, { error: { code: status, message: `Mock error ${status}`, status: s } });
    }
    const m = /^\/v1(?:beta)?\/models\/([^:/]+):(\w+)$/.exec(path);
    if (req.method !== 'POST' || !m) return sendJson(res, 404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
    const [, model, method] = m as unknown as [string, string, string];
    const prompt = textOf(body.contents) + textOf(body.systemInstruction);
    if (method === 'countTokens') return sendJson(res, 200, { totalTokens: Math.max(1, Math.ceil(prompt.length / 4)) });
    if (method === 'embedContent') return sendJson(res, 200, { embedding: { values: [0.1, 0.2, 0.3] } });
    if (method === 'batchEmbedContents') {
      const n = Array.isArray(body.requests) ? body.requests.length : 1;
      return sendJson(res, 200, { embeddings: Array.from({ length: n }, () => ({ values: [0.1, 0.2, 0.3] })) });
    }
    if (method !== 'generateContent' && method !== 'streamGenerateContent') {
      return sendJson(res, 404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
    }
    const u = mockHeaderJson(req, 'x-mock-usage') ?? {};
    const reply = mockHeader(req, 'x-mock-reply') ?? GEMINI_DEFAULT_REPLY;
    const num = (k: string, d: number) => (typeof u[k] === 'number' ? (u[k] as number) : d);
    const usage: Record<string, unknown> = {
      promptTokenCount: num('promptTokenCount', Math.max(1, Math.ceil(prompt.length / 4))),
      candidatesTokenCount: num('candidatesTokenCount', Math.max(1, Math.ceil(reply.length / 4))),
    };
    if (num('cachedContentTokenCount', 0) > 0) usage.cachedContentTokenCount = num('cachedContentTokenCount', 0);
    if (num('thoughtsTokenCount', 0) > 0) usage.thoughtsTokenCount = num('thoughtsTokenCount', 0);
    usage.promptTokensDetails = Array.isArray(u.promptTokensDetails) ? u.promptTokensDetails : [{ modality: 'TEXT', tokenCount: usage.promptTokenCount }];
    for (const k of ['candidatesTokensDetails', 'cacheTokensDetails']) if (Array.isArray(u[k])) usage[k] = u[k];
    usage.totalTokenCount = (usage.promptTokenCount as number) + (usage.candidatesTokenCount as number) + num('thoughtsTokenCount', 0);
    const responseId = randomBytes(8).toString('hex');
    const modelVersion = model;
    const candidate = (text: string, finish: boolean) => ({
      content: { parts: [{ text }], role: 'model' },
      ...(finish ? { finishReason: 'STOP' } : {}),
      index: 0,
    });
    if (method === 'generateContent') {
      return sendJson(res, 200, { candidates: [candidate(reply, true)], usageMetadata: usage, modelVersion, responseId });
    }
    const parts = splitReply(reply);
    const frames = parts.map((p, i) => {
      const last = i === parts.length - 1;
      const partial = { promptTokenCount: usage.promptTokenCount, candidatesTokenCount: i + 1, totalTokenCount: (usage.promptTokenCount as number) + i + 1 };
      return `data: ${JSON.stringify({ candidates: [candidate(p, last)], usageMetadata: last ? usage : partial, modelVersion, responseId })}\r\n\r\n`;
    });
    await sendSse(res, frames, mockHeaderNumber(req, 'x-mock-fail-after'));
  });
}

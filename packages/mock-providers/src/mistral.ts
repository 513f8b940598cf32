/**
 * A local mock of the Mistral AI API (api.mistral.ai) reproducing its documented wire formats (OpenAI-like):
 *
 *  - POST /v1/chat/completions (and /v1/fim/completions) -> `chat.completion` with
 *    `usage { prompt_tokens, completion_tokens, total_tokens }`; with `stream: true` data-only SSE
 *    `chat.completion.chunk` events, the last one with `finish_reason: "stop"` and the usage, then `data: [DONE]`
 *  - POST /v1/embeddings -> `list` of `embedding`s with `usage { prompt_tokens, completion_tokens: 0, total_tokens }`
 *  - errors: `{ object: "error", message, type, param, code }`
 *
 * Request headers: `x-mock-usage` (JSON `{prompt_tokens, completion_tokens}`), `x-mock-reply`, `x-mock-status`,
 * `x-mock-fail-after` (N stream events, then the connection is cut), `x-mock-no-usage` (`1`: no usage anywhere).
 */
import { randomBytes } from 'node:crypto';
import { mockHeader, mockHeaderJson, mockHeaderNumber, sendJson, sendSse, sseFrame, startJsonServer, type MockServer } from './anthropic.js';
import { splitReply } from './openai.js';
import { textOf } from './text.js';

export const MISTRAL_DEFAULT_REPLY = 'Hello from the mock Mistral server, streamed word by word.';

const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

export async function startMockMistral(): Promise<MockServer> {
  return startJsonServer(async (req, res, body, path) => {
    const status = mockHeaderNumber(req, 'x-mock-status');
    if (status !== null) {
      return sendJson(res, status, { object: 'error', message: `Mock error ${status}`, type: status === 429 ? 'rate_limited' : 'invalid_request_error', param: null, code: String(status) });
    }
    const model = typeof body.model === 'string' ? body.model : 'mistral-small-latest';
    const u = mockHeaderJson(req, 'x-mock-usage') ?? {};
    const noUsage = mockHeader(req, 'x-mock-no-usage') === '1';
    const created = Math.floor(Date.now() / 1000);
    const id = randomBytes(16).toString('hex');
    if (req.method === 'POST' && path === '/v1/embeddings') {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const prompt = typeof u.prompt_tokens === 'number' ? u.prompt_tokens : tokens(textOf(inputs));
      return sendJson(res, 200, {
        id,
        object: 'list',
        data: inputs.map((_, index) => ({ object: 'embedding', embedding: [0.1, 0.2, 0.3], index })),
        model,
        ...(noUsage ? {} : { usage: { prompt_tokens: prompt, completion_tokens: 0, total_tokens: prompt } }),
      });
    }
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/fim/completions')) {
      return sendJson(res, 404, { object: 'error', message: 'Not found', type: 'invalid_request_error', param: null, code: '404' });
    }
    const reply = mockHeader(req, 'x-mock-reply') ?? MISTRAL_DEFAULT_REPLY;
    const prompt = typeof u.prompt_tokens === 'number' ? u.prompt_tokens : tokens(textOf(body.messages) + textOf(body.prompt));
    const completion = typeof u.completion_tokens === 'number' ? u.completion_tokens : tokens(reply);
    const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    if (body.stream !== true) {
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        model,
        created,
        choices: [{ index: 0, message: { role: 'assistant', content: reply, tool_calls: null, prefix: false }, finish_reason: 'stop' }],
        ...(noUsage ? {} : { usage }),
      });
    }
    const parts = splitReply(reply);
    const frames = parts.map((p, i) => {
      const last = i === parts.length - 1;
      return sseFrame({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: p } : { content: p }, finish_reason: last ? 'stop' : null }],
        ...(last && !noUsage ? { usage } : {}),
      });
    });
    frames.push(sseFrame('[DONE]'));
    await sendSse(res, frames, mockHeaderNumber(req, 'x-mock-fail-after'));
  });
}

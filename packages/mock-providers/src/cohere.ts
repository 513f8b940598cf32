/**
 * A local mock of the Cohere API (api.cohere.com) reproducing its documented v2 wire formats:
 *
 *  - POST /v2/chat   -> `{ id, finish_reason: "COMPLETE", message: { role, content: [{ type: "text", text }] },
 *    usage: { billed_units: { input_tokens, output_tokens }, tokens: { input_tokens, output_tokens } } }`; with
 *    `stream: true` SSE events (`event: <type>` + `data: {"type": "<type>", ...}`): `message-start`,
 *    `content-start`, `content-delta` (one per word), `content-end`, `message-end` (`delta.finish_reason`,
 *    `delta.usage`), then `data: [DONE]`
 *  - POST /v2/embed  -> `{ id, embeddings: { float: [[...]] }, texts, meta: { api_version, billed_units: { input_tokens } } }`
 *  - POST /v2/rerank -> `{ id, results: [{ index, relevance_score }], meta: { api_version, billed_units: { search_units } } }`
 *    (one search unit per query of up to 100 documents)
 *  - POST /v1/chat   -> (v1 `CohereClient`) `{ response_id, text, generation_id, finish_reason, chat_history,
 *    meta: { api_version, billed_units, tokens } }`; with `stream: true` newline-delimited JSON
 *    (`application/stream+json`), one object a line: `stream-start` (`generation_id`), `text-generation` (one per
 *    word), `stream-end` (`finish_reason`, `response`: the whole non-streamed response with its `meta`)
 *  - errors: `{ message }`
 *
 * `tokens` counts more than `billed_units` (the prompt template and system tokens are not billed): the mock adds
 * 100 input tokens to `tokens` to tell them apart.
 *
 * Request headers: `x-mock-usage` (JSON `{input_tokens, output_tokens, search_units}`: the billed units),
 * `x-mock-reply`, `x-mock-status`, `x-mock-fail-after` (N stream events, then cut), `x-mock-no-usage` (`1`).
 */
import { randomUUID } from 'node:crypto';
import { mockHeader, mockHeaderJson, mockHeaderNumber, sendJson, sendSse, sseFrame, startJsonServer, type MockServer } from './anthropic.js';
import { splitReply } from './openai.js';
import { textOf } from './text.js';

export const COHERE_DEFAULT_REPLY = 'Hello from the mock Cohere server, streamed word by word.';
export const COHERE_TEMPLATE_TOKENS = 100;

const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));
const API_VERSION = { version: '2' };

export async function startMockCohere(): Promise<MockServer> {
  return startJsonServer(async (req, res, body, path) => {
    const status = mockHeaderNumber(req, 'x-mock-status');
    if (status !== null) return sendJson(res, status, { message: `Mock error ${status}` });
    if (req.method !== 'POST') return sendJson(res, 404, { message: 'Not found' });
    const u = mockHeaderJson(req, 'x-mock-usage') ?? {};
    const num = (k: string, d: number) => (typeof u[k] === 'number' ? (u[k] as number) : d);
    const noUsage = mockHeader(req, 'x-mock-no-usage') === '1';
    const id = randomUUID();
    if (path === '/v2/embed' || path === '/v1/embed') {
      const texts = Array.isArray(body.texts) ? (body.texts as unknown[]) : [];
      const billed = { input_tokens: num('input_tokens', tokens(textOf(texts))) };
      return sendJson(res, 200, {
        id,
        embeddings: { float: texts.map(() => [0.1, 0.2, 0.3]) },
        texts,
        meta: noUsage ? { api_version: API_VERSION } : { api_version: API_VERSION, billed_units: billed },
        response_type: 'embeddings_by_type',
      });
    }
    if (path === '/v2/rerank' || path === '/v1/rerank') {
      const docs = Array.isArray(body.documents) ? (body.documents as unknown[]) : [];
      const n = typeof body.top_n === 'number' ? Math.min(body.top_n, docs.length) : docs.length;
      return sendJson(res, 200, {
        id,
        results: Array.from({ length: n }, (_, index) => ({ index, relevance_score: 1 - index / (n + 1) })),
        meta: { api_version: API_VERSION, billed_units: { search_units: num('search_units', Math.max(1, Math.ceil(docs.length / 100))) } },
      });
    }
    if (path !== '/v2/chat' && path !== '/v1/chat') return sendJson(res, 404, { message: 'Not found' });
    const reply = mockHeader(req, 'x-mock-reply') ?? COHERE_DEFAULT_REPLY;
    if (path === '/v1/chat') {
      const input = num('input_tokens', tokens(textOf(body.message) + ' ' + textOf(body.chat_history)));
      const output = num('output_tokens', tokens(reply));
      const meta = {
        api_version: { version: '1' },
        billed_units: { input_tokens: input, output_tokens: output },
        tokens: { input_tokens: input + COHERE_TEMPLATE_TOKENS, output_tokens: output },
      };
      const generation_id = randomUUID();
      const response = {
        response_id: id,
        text: reply,
        generation_id,
        chat_history: [
          { role: 'USER', message: textOf(body.message) },
          { role: 'CHATBOT', message: reply },
        ],
        finish_reason: 'COMPLETE',
        ...(noUsage ? { meta: { api_version: { version: '1' } } } : { meta }),
      };
      if (body.stream !== true) return sendJson(res, 200, response);
      const line = (o: unknown) => JSON.stringify(o) + '\n';
      const lines = [
        line({ is_finished: false, event_type: 'stream-start', generation_id }),
        ...splitReply(reply).map((p) => line({ is_finished: false, event_type: 'text-generation', text: p })),
        line({ is_finished: true, event_type: 'stream-end', finish_reason: 'COMPLETE', response }),
      ];
      return sendSse(res, lines, mockHeaderNumber(req, 'x-mock-fail-after'), 'application/stream+json');
    }
    const input = num('input_tokens', tokens(textOf(body.messages)));
    const output = num('output_tokens', tokens(reply));
    const usage = {
      billed_units: { input_tokens: input, output_tokens: output },
      tokens: { input_tokens: input + COHERE_TEMPLATE_TOKENS, output_tokens: output },
    };
    if (body.stream !== true) {
      return sendJson(res, 200, {
        id,
        finish_reason: 'COMPLETE',
        message: { role: 'assistant', content: [{ type: 'text', text: reply }] },
        ...(noUsage ? {} : { usage }),
      });
    }
    const frame = (type: string, rest: Record<string, unknown>) => sseFrame({ type, ...rest }, type);
    const frames = [
      sseFrame({ id, type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } }, 'message-start'),
      frame('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } }),
      ...splitReply(reply).map((p) => frame('content-delta', { index: 0, delta: { message: { content: { text: p } } } })),
      frame('content-end', { index: 0 }),
      frame('message-end', { delta: noUsage ? { finish_reason: 'COMPLETE' } : { finish_reason: 'COMPLETE', usage } }),
      sseFrame('[DONE]'),
    ];
    await sendSse(res, frames, mockHeaderNumber(req, 'x-mock-fail-after'));
  });
}

/**
 * The span → event mapping (pure): the attribute names of each emitter and version, the per-provider usage
 * convention (cached tokens never twice, never dropped), span kinds, the tree and the configured attributes.
 * The emitters' real output is covered end to end in otlp-emitters.test.ts; these pin the names those tests cannot
 * produce here (older AI SDK versions, OpenInference, OpenLLMetry's older names).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spansToEvents, providerName } from '../src/otlp/map.js';
import { spanUsage } from '../src/otlp/usage.js';
import { flattenTraceRequest, type AttrValue, type OtlpSpan } from '../src/otlp/spans.js';
import { DEFAULT_OTLP_ATTRIBUTES, resolveOtlpAttributes, ConfigError } from '../src/config.js';

const attrs = (o: Record<string, AttrValue>) => new Map(Object.entries(o));
const usage = (o: Record<string, AttrValue>, provider: string | null) => spanUsage(attrs(o), provider);

let n = 0;
function span(name: string, a: Record<string, AttrValue>, parent: OtlpSpan | null = null, resource: Record<string, AttrValue> = {}): OtlpSpan {
  n++;
  return {
    traceId: 'ab'.repeat(16), spanId: n.toString(16).padStart(16, '1'), parentSpanId: parent?.spanId ?? null, name, kind: 1,
    startMs: 1_765_000_000_000, durationMs: 12, attributes: attrs(a), resource: attrs(resource), scope: { name: 's', version: '' }, status: { code: 0, message: '' },
  };
}

describe('OTLP usage names and conventions', () => {
  it('GenAI semantic conventions: input includes cached tokens, output includes reasoning', () => {
    assert.deepEqual(usage({ 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 200, 'gen_ai.usage.cache_read.input_tokens': 300, 'gen_ai.usage.cache_creation.input_tokens': 100, 'gen_ai.usage.reasoning.output_tokens': 50 }, 'anthropic'),
      { input_tokens: 1000, output_tokens: 200, cache_read_tokens: 300, cache_write_tokens: 100, reasoning_tokens: 50 });
  });
  it('OpenLLMetry: the JS Anthropic instrumentation passes Anthropic\'s own input (cache on top); Python\'s names carry the total', () => {
    const js = { 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20, 'gen_ai.usage.cache_read.input_tokens': 900, 'gen_ai.usage.cache_creation.input_tokens': 40 };
    assert.equal(spanUsage(attrs(js), 'anthropic', '@traceloop/instrumentation-anthropic')!.input_tokens, 1040);
    assert.equal(spanUsage(attrs(js), 'anthropic', 'some-semconv-emitter')!.input_tokens, 1040, 'an input smaller than its cached part: the cache is added');
    const py = { 'gen_ai.usage.prompt_tokens': 1040, 'gen_ai.usage.completion_tokens': 20, 'gen_ai.usage.cache_read_input_tokens': 900, 'gen_ai.usage.cache_creation_input_tokens': 40 };
    assert.deepEqual(spanUsage(attrs(py), 'anthropic', 'opentelemetry.instrumentation.anthropic'), { input_tokens: 1040, output_tokens: 20, cache_read_tokens: 900, cache_write_tokens: 40, reasoning_tokens: 0 });
    assert.equal(usage({ 'gen_ai.usage.prompt_tokens': 1000, 'gen_ai.usage.cache_read_input_tokens': 400 }, 'openai')!.input_tokens, 1000);
    assert.equal(usage({ 'gen_ai.usage.input_tokens': 1050, 'gen_ai.usage.cache_write.input_tokens': 50 }, 'anthropic')!.cache_write_tokens, 50, "the Anthropic SDK's own name");
  });
  it("AI SDK: Anthropic's own usage in ai.response.providerMetadata wins (the only place v4/v5 carry cache writes)", () => {
    const meta = JSON.stringify({ anthropic: { usage: { input_tokens: 100, output_tokens: 40, cache_creation_input_tokens: 50, cache_read_input_tokens: 900 } } });
    assert.deepEqual(usage({ 'ai.usage.promptTokens': 100, 'ai.usage.completionTokens': 40, 'ai.response.providerMetadata': meta }, 'anthropic'),
      { input_tokens: 1050, output_tokens: 40, cache_read_tokens: 900, cache_write_tokens: 50, reasoning_tokens: 0 });
    assert.equal(usage({ 'ai.usage.promptTokens': 100, 'ai.response.providerMetadata': '{"anthropic": {"usage": "cache_read_input_tokens"' }, 'anthropic')!.input_tokens, 100, 'bad JSON: ignored');
  });
  it('OpenInference llm.token_count.*: the prompt count is the total', () => {
    assert.deepEqual(usage({ 'llm.token_count.prompt': 500, 'llm.token_count.completion': 30, 'llm.token_count.prompt_details.cache_read': 200, 'llm.token_count.completion_details.reasoning': 10 }, 'anthropic'),
      { input_tokens: 500, output_tokens: 30, cache_read_tokens: 200, cache_write_tokens: 0, reasoning_tokens: 10 });
  });
  it('AI SDK v4 (promptTokens) and v5 (cachedInputTokens): the provider\'s own input, so Anthropic\'s cache is added (vercel/ai#8794)', () => {
    assert.deepEqual(usage({ 'ai.usage.promptTokens': 10, 'ai.usage.completionTokens': 5 }, 'openai'), { input_tokens: 10, output_tokens: 5, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 });
    assert.equal(usage({ 'ai.usage.inputTokens': 100, 'ai.usage.outputTokens': 5, 'ai.usage.cachedInputTokens': 900 }, 'anthropic')!.input_tokens, 1000);
    assert.equal(usage({ 'ai.usage.inputTokens': 1000, 'ai.usage.outputTokens': 5, 'ai.usage.cachedInputTokens': 900 }, 'openai')!.input_tokens, 1000);
  });
  it('AI SDK v6+ details: input = noCache + cacheRead + cacheWrite, whatever the provider', () => {
    const a = { 'ai.usage.inputTokens': 1050, 'ai.usage.inputTokenDetails.noCacheTokens': 100, 'ai.usage.inputTokenDetails.cacheReadTokens': 900, 'ai.usage.inputTokenDetails.cacheWriteTokens': 50, 'ai.usage.outputTokens': 7, 'ai.usage.outputTokenDetails.reasoningTokens': 3 };
    assert.deepEqual(usage(a, 'anthropic'), { input_tokens: 1050, output_tokens: 7, cache_read_tokens: 900, cache_write_tokens: 50, reasoning_tokens: 3 });
  });
  it('an input smaller than its cached part never drops the cached tokens; no counts at all is null', () => {
    assert.equal(usage({ 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cache_read.input_tokens': 90 }, 'anthropic')!.input_tokens, 100);
    assert.equal(usage({ 'gen_ai.request.model': 'x' }, 'openai'), null);
    assert.equal(usage({ 'gen_ai.usage.input_tokens': -3 }, 'openai'), null, 'a negative count is no count');
  });
  it('provider names: semconv and AI SDK ids → ours', () => {
    assert.deepEqual(['openai.chat', 'openai.responses', 'anthropic.messages', 'OpenAI', 'gcp.gemini', 'aws.bedrock', 'mistral_ai', 'az.ai.openai'].map(providerName),
      ['openai', 'openai', 'anthropic', 'openai', 'google', 'aws-bedrock', 'mistral', 'azure']);
  });
});

describe('OTLP spans → events', () => {
  it('kinds, the tree as sections, customer inherited from ancestors then the resource, trace id as run id', () => {
    const root = span('POST /chat', { 'llmobserve.section': 'support' });
    const agent = span('invoke_agent helper', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.usage.input_tokens': 999 }, root);
    const tool = span('execute_tool search', { 'gen_ai.operation.name': 'execute_tool' }, agent);
    const chat = span('chat', { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10 }, agent);
    const oi = span('ChatOpenAI', { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini', 'llm.provider': 'openai', 'llm.token_count.prompt': 3, 'enduser.id': 'own' }, agent);
    const [r, a, t, c, o] = spansToEvents([root, agent, tool, chat, oi], DEFAULT_OTLP_ATTRIBUTES, 0);
    assert.deepEqual([r!.span_type, a!.span_type, t!.span_type, c!.span_type, o!.span_type], ['section', 'agent', 'tool', 'llm', 'llm']);
    assert.equal(a!.input_tokens, undefined, 'an agent span is structure: its usage sums its calls');
    assert.equal(c!.section_path, 'support/invoke_agent helper');
    assert.equal(c!.run_id, 'ab'.repeat(16));
    assert.equal(c!.parent_span_id, agent.spanId);
    assert.equal(c!.customer_id, null);
    assert.equal(o!.customer_id, 'own');
    assert.equal(o!.model, 'gpt-4o-mini');
    const withResource = span('chat', { 'gen_ai.operation.name': 'chat' }, null, { 'user.id': 'from-resource' });
    assert.equal(spansToEvents([withResource], DEFAULT_OTLP_ATTRIBUTES, 0)[0]!.customer_id, 'from-resource');
  });
  it('the AI SDK: outer ai.generateText is a section, its doGenerate the call; v4-v6 metadata names the customer', () => {
    const outer = span('ai.generateText', { 'ai.operationId': 'ai.generateText', 'ai.usage.promptTokens': 30, 'ai.telemetry.metadata.llmobserve.customer_id': 'meta-co' });
    const inner = span('ai.generateText.doGenerate', { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'anthropic.messages', 'ai.model.id': 'claude-3-5-haiku-latest', 'ai.usage.promptTokens': 30, 'ai.usage.completionTokens': 4 }, outer);
    const [o, i] = spansToEvents([outer, inner], DEFAULT_OTLP_ATTRIBUTES, 0);
    assert.equal(o!.span_type, 'section');
    assert.deepEqual([i!.span_type, i!.provider, i!.endpoint, i!.input_tokens, i!.customer_id], ['llm', 'anthropic', 'messages', 30, 'meta-co']);
  });
  it('a call span wrapping call spans is a section (one priced call); a call without usage is one request, not $0; errors', () => {
    const wrap = span('embeddings m', { 'gen_ai.operation.name': 'embeddings' });
    const inner = span('embeddings m', { 'gen_ai.operation.name': 'embeddings', 'gen_ai.usage.input_tokens': 2 }, wrap);
    const bare = { ...span('chat', { 'gen_ai.operation.name': 'chat' }), status: { code: 2, message: 'rate limited' } };
    const [w, e, b] = spansToEvents([wrap, inner, bare], DEFAULT_OTLP_ATTRIBUTES, 0);
    assert.deepEqual([w!.span_type, e!.span_type, e!.endpoint], ['section', 'embedding', 'embeddings']);
    assert.deepEqual(b!.units, { requests: 1 });
    assert.deepEqual([b!.status, b!.error], ['error', 'rate limited']);
  });
  it('configuration: flags over env over defaults; bad names refused', () => {
    assert.deepEqual(resolveOtlpAttributes({}, {}), DEFAULT_OTLP_ATTRIBUTES);
    assert.deepEqual(resolveOtlpAttributes({ 'otlp-customer-attributes': 'a.b, c' }, { LLMOBSERVE_OTLP_CUSTOMER_ATTRIBUTES: 'x' }).customer, ['a.b', 'c']);
    assert.deepEqual(resolveOtlpAttributes({}, { LLMOBSERVE_OTLP_RUN_ATTRIBUTES: 'session.id' }).run, ['session.id']);
    assert.deepEqual(resolveOtlpAttributes({}, { LLMOBSERVE_OTLP_SECTION_ATTRIBUTES: '' }).section, []);
    assert.throws(() => resolveOtlpAttributes({ 'otlp-section-attributes': 'bad name' }, {}), ConfigError);
  });
});

describe('OTLP requests → flat spans', () => {
  it('ids, times, attribute values, status names; malformed spans counted, not thrown', () => {
    const flat = flattenTraceRequest({
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
        scopeSpans: [{
          scope: { name: 'sc', version: '2' },
          spans: [
            {
              traceId: 'AB'.repeat(16), spanId: 'cd'.repeat(8), parentSpanId: '', name: 'n', startTimeUnixNano: '1765000000123456789', endTimeUnixNano: 1765000000623456789,
              status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
              attributes: [
                { key: 'i', value: { intValue: '42' } }, { key: 'd', value: { doubleValue: 0.5 } }, { key: 'b', value: { boolValue: true } },
                { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 1 }] } } }, { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
                { key: '', value: { stringValue: 'dropped' } }, { value: { stringValue: 'no key' } },
              ],
            },
            { traceId: '00'.repeat(16), spanId: 'cd'.repeat(8) },
            { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), parentSpanId: 'xyz' },
            'not a span',
          ],
        }],
      }],
    });
    assert.equal(flat.spans.length, 1);
    assert.equal(flat.rejected, 3);
    assert.match(flat.firstError!, /traceId/);
    const s = flat.spans[0]!;
    assert.deepEqual([s.traceId, s.spanId, s.parentSpanId, s.status.code, s.status.message], ['ab'.repeat(16), 'cd'.repeat(8), null, 2, 'boom']);
    assert.equal(s.startMs, 1765000000123.456);
    assert.equal(Math.round(s.durationMs!), 500);
    assert.deepEqual(Object.fromEntries(s.attributes), { i: 42, d: 0.5, b: true, a: ['x', 1], kv: { k: 'v' } });
    assert.equal(s.resource.get('service.name'), 'api');
    assert.deepEqual(s.scope, { name: 'sc', version: '2' });
    assert.throws(() => flattenTraceRequest([]), /ExportTraceServiceRequest/);
    assert.throws(() => flattenTraceRequest({ resourceSpans: {} }), /must be an array/);
  });
});

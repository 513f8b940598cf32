/**
 * Flat OTLP spans → LLMObserve wire events (pure; the mapping table is docs/otel.md).
 *
 * A span is a priced call (`llm`, `embedding`) when its emitter says it is one provider request: GenAI
 * `gen_ai.operation.name` chat/text_completion/generate_content/embeddings, OpenInference LLM/EMBEDDING, OpenLLMetry
 * `llm.request.type`, the Vercel AI SDK's inner `ai.*.doGenerate`/`doStream`/`doEmbed` spans. Everything else keeps
 * the tree as a structural span (`section`, `agent`, `tool`), without cost: the AI SDK's outer `ai.generateText`
 * (whose usage sums its inner calls) and `invoke_agent` spans among them, so a call is priced once.
 * Customer, section and run come from the configured attributes: the span's own, then its ancestors' (those in the
 * same request), then the resource's.
 */
import type { TraceEvent } from '@llmobserve/shared';
import { LIMITS } from '@llmobserve/shared';
import type { OtlpAttributeConfig } from '../config.js';
import type { Attributes, AttrValue, OtlpSpan } from './spans.js';
import { spanUsage } from './usage.js';

type Kind = 'llm' | 'embedding' | 'section' | 'agent' | 'tool';

const str = (v: AttrValue | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

function firstString(attrs: Attributes, names: readonly string[]): string | null {
  for (const n of names) {
    const v = str(attrs.get(n));
    if (v !== null) return v;
  }
  return null;
}

const LLM_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'completion', 'responses']);
const VERCEL_OUTER = /^ai\.(generateText|streamText|generateObject|streamObject|embed|embedMany|rerank|generateImage|generateSpeech|transcribe)$/;

/** What the span is, by the emitters' own markers, most specific first. */
export function spanKind(span: OtlpSpan): Kind {
  const a = span.attributes;
  const op = str(a.get('ai.operationId')) ?? (span.name.startsWith('ai.') ? span.name : null);
  if (op !== null) {
    if (/\.(doGenerate|doStream)$/.test(op)) return 'llm';
    if (/\.doEmbed$/.test(op)) return 'embedding';
    if (op === 'ai.toolCall') return 'tool';
    if (VERCEL_OUTER.test(op)) return 'section';
  }
  const genAiOp = str(a.get('gen_ai.operation.name'))?.toLowerCase();
  if (genAiOp !== undefined) {
    if (LLM_OPERATIONS.has(genAiOp)) return 'llm';
    if (genAiOp === 'embeddings') return 'embedding';
    if (genAiOp === 'invoke_agent' || genAiOp === 'create_agent') return 'agent';
    if (genAiOp === 'execute_tool') return 'tool';
  }
  const oi = str(a.get('openinference.span.kind'))?.toUpperCase();
  if (oi === 'LLM') return 'llm';
  if (oi === 'EMBEDDING') return 'embedding';
  if (oi === 'AGENT') return 'agent';
  if (oi === 'TOOL') return 'tool';
  if (oi !== undefined) return 'section';
  const reqType = str(a.get('llm.request.type'))?.toLowerCase();
  if (reqType === 'chat' || reqType === 'completion') return 'llm';
  if (reqType === 'embedding') return 'embedding';
  const tl = str(a.get('traceloop.span.kind'))?.toLowerCase();
  if (tl === 'agent') return 'agent';
  if (tl === 'tool') return 'tool';
  // A span that carries a model and token counts is a call, whoever emitted it.
  if (firstString(a, MODEL) !== null && spanUsage(a, null, span.scope.name) !== null) return 'llm';
  return 'section';
}

const PROVIDER = ['gen_ai.provider.name', 'gen_ai.system', 'ai.model.provider', 'llm.provider', 'llm.system'];
const MODEL = ['gen_ai.response.model', 'ai.response.model', 'llm.model_name', 'embedding.model_name', 'gen_ai.request.model', 'ai.model.id'];

/** Semantic-convention and AI SDK provider names → the provider names our pricing and SDK use. */
const PROVIDER_NAMES: Record<string, string> = {
  'gcp.gemini': 'google', 'gcp.gen_ai': 'google', 'gcp.vertex_ai': 'google-vertex', 'google.generative-ai': 'google', 'google.vertex': 'google-vertex',
  'aws.bedrock': 'aws-bedrock', 'amazon-bedrock': 'aws-bedrock', 'az.ai.openai': 'azure', 'azure.ai.openai': 'azure', 'azure.ai.inference': 'azure',
  'mistral_ai': 'mistral', 'x_ai': 'xai', 'ibm.watsonx.ai': 'ibm',
};

export function providerName(raw: string | null): string | null {
  if (raw === null) return null;
  const lower = raw.toLowerCase();
  for (const [prefix, name] of Object.entries(PROVIDER_NAMES)) if (lower === prefix || lower.startsWith(`${prefix}.`)) return name;
  // AI SDK provider ids are "<provider>.<api>": openai.chat, openai.responses, anthropic.messages.
  return lower.split('.')[0]!.slice(0, 64) || null;
}

/** The provider API the span called (our `endpoint`), as far as the span tells. */
function endpointOf(kind: Kind, provider: string | null, rawProvider: string | null, attrs: Attributes): string | null {
  if (kind === 'embedding') return 'embeddings';
  const api = rawProvider?.toLowerCase().split('.')[1];
  if (api === 'responses') return 'responses';
  if (api === 'messages' || provider === 'anthropic') return 'messages';
  const op = str(attrs.get('gen_ai.operation.name')) ?? str(attrs.get('llm.request.type'));
  if (op === 'text_completion' || op === 'completion') return 'completions';
  if (provider === 'google') return 'generateContent';
  return 'chat.completions';
}

/**
 * A value per span computed from the span and its parent's value (undefined for a root, or a parent outside this
 * request), memoised, so a request costs one pass whatever the depth of its trees. Walks iteratively (no recursion
 * on deep chains) and cuts cycles.
 */
function downTheTree<T>(byId: ReadonlyMap<string, OtlpSpan>, own: (span: OtlpSpan, parent: T | undefined) => T): (span: OtlpSpan) => T {
  const memo = new Map<string, T>();
  return (span) => {
    const chain: OtlpSpan[] = [];
    const visiting = new Set<string>();
    let cur: OtlpSpan | undefined = span;
    while (cur !== undefined && !memo.has(cur.spanId) && !visiting.has(cur.spanId)) {
      visiting.add(cur.spanId);
      chain.push(cur);
      cur = cur.parentSpanId === null ? undefined : byId.get(cur.parentSpanId);
    }
    let value = cur !== undefined && memo.has(cur.spanId) ? memo.get(cur.spanId) : undefined;
    for (let i = chain.length - 1; i >= 0; i--) {
      value = own(chain[i]!, value);
      memo.set(chain[i]!.spanId, value);
    }
    return memo.get(span.spanId)!;
  };
}

/** AI SDK v4-v6 metadata (`experimental_telemetry.metadata`) arrives as `ai.telemetry.metadata.<key>`. */
const withMetadataNames = (names: readonly string[]) => names.flatMap((n) => [n, `ai.telemetry.metadata.${n}`]);

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

interface Path {
  path: string;
  last: string | null;
}
const NO_PATH: Path = { path: '', last: null };

export function spansToEvents(spans: readonly OtlpSpan[], config: OtlpAttributeConfig, receivedAt: number): TraceEvent[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const kinds = new Map(spans.map((s) => [s.spanId, spanKind(s)]));
  // A call span with call spans under it wraps them (the AI SDK's outer embed span, an SDK's retry wrapper): only
  // the innermost calls are priced, so a call is never counted twice.
  const isCall = (k: Kind | undefined) => k === 'llm' || k === 'embedding';
  const wrappers = spans.filter((s) => isCall(kinds.get(s.spanId)) && s.parentSpanId !== null && isCall(kinds.get(s.parentSpanId))).map((s) => s.parentSpanId!);
  for (const id of wrappers) kinds.set(id, 'section');
  const sectionNames = withMetadataNames(config.section);
  const customerNames = withMetadataNames(config.customer);
  const runNames = withMetadataNames(config.run);
  /** Labels from the outermost: a span's own label is the configured attribute, else (structural spans) its name. */
  const pathOf = downTheTree<Path>(byId, (s, parent = NO_PATH) => {
    const own = firstString(s.attributes, sectionNames);
    const kind = kinds.get(s.spanId);
    const raw = own ?? (kind === 'llm' || kind === 'embedding' || s.name === '' ? null : s.name);
    if (raw === null) return parent;
    const l = cut(raw, LIMITS.labelLength).replaceAll('/', '∕');
    // A label repeated by nested spans (AI SDK metadata is copied to every span of a call) counts once.
    if (l === parent.last) return parent;
    return { path: parent.path === '' ? l : `${parent.path}/${l}`, last: l };
  });
  /** The first configured attribute of the span, else of its ancestors (inside this request). */
  const inherited = (names: readonly string[]) => downTheTree<string | null>(byId, (s, parent) => firstString(s.attributes, names) ?? parent ?? null);
  const customerOf = inherited(customerNames);
  const runOf = inherited(runNames);
  const providers = new Map<string | null, string | null>();
  return spans.map((span) => {
    const kind = kinds.get(span.spanId)!;
    const { path: fullPath, last } = pathOf(span);
    // The outermost labels give way when the path is too long.
    let path = fullPath;
    while (path.length > LIMITS.sectionPathLength && path.includes('/')) path = path.slice(path.indexOf('/') + 1);
    const a = span.attributes;
    const rawProvider = firstString(a, PROVIDER);
    let provider = providers.get(rawProvider);
    if (provider === undefined) providers.set(rawProvider, (provider = providerName(rawProvider)));
    const customer = customerOf(span) ?? firstString(span.resource, customerNames);
    const run = (runNames.length > 0 ? runOf(span) ?? firstString(span.resource, runNames) : null) ?? span.traceId;
    const event: TraceEvent = {
      span_id: span.spanId,
      run_id: cut(run, LIMITS.idLength),
      parent_span_id: span.parentSpanId,
      span_type: kind,
      section: last,
      section_path: path === '' ? null : cut(path, LIMITS.sectionPathLength),
      customer_id: customer === null ? null : cut(customer, LIMITS.customerIdLength),
      started_at: new Date(span.startMs ?? receivedAt).toISOString(),
      status: span.status.code === 2 ? 'error' : 'ok',
      metadata: { otel_span_name: cut(span.name, 128), otel_scope: cut(span.scope.name, 128) },
      sdk: cut(`otlp/${span.scope.name || 'unknown'}${span.scope.version ? `@${span.scope.version}` : ''}`, 64),
    };
    // The trace id is the run id unless a run attribute named another: then it is kept beside.
    if (run !== span.traceId) event.metadata!.otel_trace_id = span.traceId;
    if (span.durationMs !== null) event.latency_ms = Math.min(span.durationMs, LIMITS.maxLatencyMs);
    if (span.status.code === 2) event.error = cut(span.status.message || str(a.get('error.type')) || 'error', LIMITS.errorLength);
    if (kind === 'llm' || kind === 'embedding') {
      const model = firstString(a, MODEL);
      event.provider = provider;
      event.model = model === null ? null : cut(model, LIMITS.nameLength);
      event.endpoint = endpointOf(kind, provider, rawProvider, a);
      const usage = spanUsage(a, provider, span.scope.name);
      // No counts at all (e.g. OpenLLMetry's streams): one request of unknown usage, stored unpriced, never as $0.
      if (usage !== null) Object.assign(event, usage);
      else event.units = { requests: 1 };
      const op = str(a.get('ai.operationId')) ?? span.name;
      if (op.endsWith('.doStream') || a.get('gen_ai.request.stream') === true || a.get('llm.is_streaming') === true) event.is_streaming = true;
    }
    return event;
  });
}

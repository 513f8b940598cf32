/**
 * One benchmark variant in its own process: the same calls of the real `openai` client against the mock server,
 * untracked (baseline) and tracked, in many short alternating blocks so that drift of the (shared, noisy) machine
 * hits both alike; the added time is the median over rounds of the difference between the two block medians of
 * the same round (paired), which cancels slow drift.
 *
 *   node --import tsx bench/worker.ts <llmobserve|context|langfuse|openllmetry> <mock origin> <sink origin>
 *
 * Prints one JSON line: { variant, note, plain: {baseline, tracked}, stream: {baseline, tracked} } (µs samples
 * summarised as median and p99).
 */
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { summarize, type Summary } from './stats.js';

const [variant, mockOrigin, sinkOrigin] = process.argv.slice(2) as [string, string, string];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PLAIN_BLOCK = Number(process.env.BENCH_PLAIN_BLOCK ?? 50);
const STREAM_BLOCK = Number(process.env.BENCH_STREAM_BLOCK ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);

interface Variant {
  baseline: OpenAI;
  tracked: OpenAI;
  /** turn tracking on / off between blocks (not timed) */
  on(): Promise<void>;
  off(): Promise<void>;
  note: string;
}

const clientOptions = { apiKey: 'sk-bench', baseURL: `${mockOrigin}/v1`, maxRetries: 0 };

async function setup(name: string): Promise<Variant> {
  const client = new OpenAI(clientOptions);
  if (name === 'llmobserve') {
    // the shipped bundle, as users get it
    const sdk = await import('../dist/index.js');
    const options = { collectorUrl: sinkOrigin, providers: { [mockOrigin]: 'openai' } };
    return {
      baseline: client,
      tracked: client,
      on: async () => sdk.observe(options),
      off: async () => {
        await sdk.shutdown();
      },
      note: 'observe() (global undici dispatcher); events batched to the sink as POST /events',
    };
  }
  if (name === 'context') {
    // what observe() turns on before anything else: an AsyncLocalStorage tracking every async resource (on Node 20
    // promise hooks for every promise; Node 24's is built on async context frames)
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const als = new AsyncLocalStorage<object>();
    return {
      baseline: client,
      tracked: client,
      on: async () => als.run({}, () => undefined),
      off: async () => als.disable(),
      note: 'AsyncLocalStorage enabled, nothing else (the part of the llmobserve figure that is the context)',
    };
  }
  if (name === 'langfuse') {
    const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
    const { LangfuseSpanProcessor } = await import('@langfuse/otel');
    const { setLangfuseTracerProvider } = await import('@langfuse/tracing');
    const { observeOpenAI } = await import('@langfuse/openai');
    const processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-bench', secretKey: 'sk-lf-bench', baseUrl: sinkOrigin });
    const provider = new NodeTracerProvider({ spanProcessors: [processor] });
    setLangfuseTracerProvider(provider);
    return {
      baseline: client,
      tracked: observeOpenAI(client),
      on: async () => {},
      off: async () => {
        await provider.forceFlush();
      },
      note: '@langfuse/openai observeOpenAI(client), LangfuseSpanProcessor (batched OTLP export to the sink)',
    };
  }
  if (name === 'openllmetry') {
    const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
    const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const { OpenAIInstrumentation } = await import('@traceloop/instrumentation-openai');
    const provider = new NodeTracerProvider({
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${sinkOrigin}/v1/traces` }))],
    });
    provider.register();
    const proto = (OpenAI as unknown as { Chat: { Completions: { prototype: Record<string, unknown> } } }).Chat.Completions.prototype;
    const original = proto.create;
    const instrumentation = new OpenAIInstrumentation();
    instrumentation.setTracerProvider(provider);
    // ESM import: the require hook does not see it, so instrument the module object by hand (documented way)
    instrumentation.manuallyInstrument(OpenAI as never);
    const wrapped = proto.create;
    if (wrapped === original) throw new Error('OpenLLMetry did not wrap chat.completions.create');
    return {
      baseline: client,
      tracked: client,
      on: async () => {
        proto.create = wrapped;
      },
      off: async () => {
        proto.create = original;
        await provider.forceFlush();
      },
      note: '@traceloop/instrumentation-openai (default config), BatchSpanProcessor + OTLP/HTTP exporter to the sink',
    };
  }
  throw new Error(`unknown variant ${name}`);
}

const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Say hello in one short sentence.' },
];

async function plain(c: OpenAI): Promise<void> {
  await c.chat.completions.create({ model: 'gpt-4o-mini', messages });
}

async function stream(c: OpenAI): Promise<void> {
  const s = await c.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
  for await (const _ of s) {
    /* consume every chunk */
  }
}

/** Runs `n` calls, recording each call's wall time (µs); returns the CPU time this process spent (µs). */
async function block(fn: (c: OpenAI) => Promise<void>, c: OpenAI, n: number, out: number[]): Promise<number> {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(c);
    out.push((performance.now() - t0) * 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  return cpu.user + cpu.system;
}

const v = await setup(variant);
const samples = {
  plain: { baseline: [] as number[], tracked: [] as number[] },
  stream: { baseline: [] as number[], tracked: [] as number[] },
};
/** per round and mode: the median call time of the block, for paired (per-round) differences */
const roundMedians = {
  plain: { baseline: [] as number[], tracked: [] as number[] },
  stream: { baseline: [] as number[], tracked: [] as number[] },
};
/** CPU time of this process (the host app) per mode, summed over blocks, in µs */
const cpu = {
  plain: { baseline: 0, tracked: 0 },
  stream: { baseline: 0, tracked: 0 },
};

// warm-up of both paths (JIT, connections), not recorded
await v.off();
await block(plain, v.baseline, WARMUP, []);
await block(stream, v.baseline, WARMUP / 2, []);
await v.on();
await block(plain, v.tracked, WARMUP, []);
await block(stream, v.tracked, WARMUP / 2, []);
await v.off();

for (let r = 0; r < ROUNDS; r++) {
  const trackedFirst = r % 2 === 1;
  for (const mode of trackedFirst ? (['tracked', 'baseline'] as const) : (['baseline', 'tracked'] as const)) {
    if (mode === 'tracked') await v.on();
    for (const [kind, fn, n] of [
      ['plain', plain, PLAIN_BLOCK],
      ['stream', stream, STREAM_BLOCK],
    ] as const) {
      const xs: number[] = [];
      cpu[kind][mode] += await block(fn, v[mode], n, xs);
      samples[kind][mode].push(...xs);
      roundMedians[kind][mode].push(summarize(xs).median);
    }
    if (mode === 'tracked') await v.off();
  }
}

const result: Record<string, unknown> = { variant, note: v.note };
for (const kind of ['plain', 'stream'] as const) {
  const b: Summary = summarize(samples[kind].baseline);
  const t: Summary = summarize(samples[kind].tracked);
  const n = samples[kind].baseline.length;
  const paired = roundMedians[kind].tracked.map((x, i) => x - roundMedians[kind].baseline[i]!);
  result[kind] = {
    baseline: b,
    tracked: t,
    /** median over rounds of (tracked block median − untracked block median of the same round) */
    pairedAddedMedian: summarize(paired).median,
    cpuPerCall: { baseline: cpu[kind].baseline / n, tracked: cpu[kind].tracked / n },
  };
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);

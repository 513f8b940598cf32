/**
 * A real OpenTelemetry JS SDK set up for the OTLP receiver tests: one global NodeTracerProvider (instrumentations
 * bind to it once per process) whose batch processor exports to the collector under test with the official OTLP
 * exporter, protobuf or JSON as the test chooses; the mock providers beside it.
 */
import assert from 'node:assert/strict';
import type { Tracer } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BaggageSpanProcessor } from '@opentelemetry/baggage-span-processor';
import { startMockAnthropic, startMockOpenAI, within, type MockOpenAI, type MockServer } from '@llmobserve/mock-providers';
import { request, startCollector, type RunningCollector } from './collector.js';

export interface StoredEvent {
  span_id: string; parent_span_id: string | null; span_type: string; section: string | null; section_path: string | null;
  customer_id: string | null; provider: string | null; model: string | null; endpoint: string | null;
  input_tokens: number; output_tokens: number; cache_read_tokens: number; cache_write_tokens: number; reasoning_tokens: number;
  cost_usd: number | null; cost_status: string; is_streaming: boolean; status: string; metadata: Record<string, unknown>;
}

export type Encoding = 'proto' | 'json';

/** Spans go to whichever exporter the test chose. */
class SwitchExporter implements SpanExporter {
  target: SpanExporter | null = null;
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    if (this.target === null) return done({ code: 0 });
    this.target.export(spans, done);
  }
  async shutdown(): Promise<void> {}
}

export interface OtelHarness {
  collector: RunningCollector;
  openai: MockOpenAI;
  anthropic: MockServer;
  provider: NodeTracerProvider;
  tracer: Tracer;
  switcher: SwitchExporter;
  /** The official OTLP exporter, pointed at the collector's /v1/traces. */
  exporter(kind: Encoding): SpanExporter;
  /** Runs `work` inside a root span with `attrs`, exports every span in one request, returns the stored run. */
  traced(kind: Encoding, attrs: Record<string, string>, work: () => Promise<void>): Promise<{ traceId: string; events: StoredEvent[] }>;
  stop(): Promise<void>;
}

export async function startOtelHarness(): Promise<OtelHarness> {
  const [collector, openai, anthropic] = await Promise.all([startCollector(), startMockOpenAI(), startMockAnthropic()]);
  const switcher = new SwitchExporter();
  // Exported only on forceFlush: each scenario's spans arrive in one request, parents with their children.
  // Baggage entries llmobserve.* are copied onto every span, as docs/otel.md recommends.
  const provider = new NodeTracerProvider({
    spanProcessors: [new BaggageSpanProcessor((key) => key.startsWith('llmobserve.')), new BatchSpanProcessor(switcher, { scheduledDelayMillis: 60_000, maxExportBatchSize: 512 })],
  });
  provider.register();
  const tracer = provider.getTracer('llmobserve-test-app');
  const exporter = (kind: Encoding): SpanExporter => {
    const url = `${collector.url}/v1/traces`;
    return kind === 'proto' ? new ProtoExporter({ url, timeoutMillis: 10_000 }) : new JsonExporter({ url, timeoutMillis: 10_000 });
  };
  return {
    collector, openai, anthropic, provider, tracer, switcher, exporter,
    async traced(kind, attrs, work) {
      switcher.target = exporter(kind);
      let traceId = '';
      await tracer.startActiveSpan('handle request', { attributes: attrs }, async (root) => {
        traceId = root.spanContext().traceId;
        try {
          await work();
        } finally {
          root.end();
        }
      });
      await within(provider.forceFlush(), 20_000, 'exporting the spans');
      const res = await request(collector.url, `/runs/${traceId}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { traceId, events: res.body.events as StoredEvent[] };
    },
    async stop() {
      await within(provider.shutdown(), 20_000, 'shutting the tracer provider down');
      await Promise.all([collector.stop(), openai.close(), anthropic.close()]);
    },
  };
}

/** The priced calls of a run. */
export const calls = (events: StoredEvent[]) => events.filter((e) => e.span_type === 'llm' || e.span_type === 'embedding');

/** Headers that make the mock providers report this usage. */
export const mockUsage = (usage: Record<string, number>) => ({ 'x-mock-usage': JSON.stringify(usage) });

/**
 * The ingest benchmarks' traffic (bench/ingest.ts, bench/ingest-main.ts): live traffic with timestamps within the
 * last hour, customers skewed (a few heavy ones, a long tail), runs of 5 spans that stay within one tenant and
 * customer, as an app instrumented with the SDK sends them. Pure: event i is the same in every process.
 */
import { readdirSync, readFileSync } from 'node:fs';
export const MODELS = [['openai', 'gpt-4o-mini'], ['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4-20250514'], ['google', 'gemini-2.0-flash'], ['openai', 'text-embedding-3-small']];

export function makeEvent(i: number, runTag: string, now: number) {
  const [provider, model] = MODELS[i % MODELS.length]!;
  const run = Math.floor(i / 5);
  const customer = Math.floor(1000 * Math.pow((run * 7919) % 1000 / 1000, 3));
  return {
    span_id: `${runTag}-${i}`,
    run_id: `${runTag}-run-${run}`,
    parent_span_id: i % 5 === 0 ? null : `${runTag}-${i - (i % 5)}`,
    span_type: 'llm',
    section: `feature:${run % 7}`,
    section_path: `agent:${run % 3}/feature:${run % 7}`,
    tenant_id: `tenant_${run % 4}`,
    customer_id: `customer_${customer}`,
    provider, endpoint: 'chat.completions', model,
    input_tokens: 1000 + (i % 900), output_tokens: 100 + (i % 90), cache_read_tokens: i % 200,
    started_at: new Date(now - 3_600_000 + (i % 3_600_000)).toISOString(),
    latency_ms: 250 + (i % 100), status: 'ok', is_streaming: i % 2 === 0, sdk: 'llmobserve-js/0.1.0',
  };
}

/** CPU time (ns) of each thread of a process, by thread id (Linux /proc; an empty map elsewhere). */
export function threadCpuNs(pid: number | 'self'): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      out.set(Number(tid), Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return out;
}

/** CPU used between two readings: the main thread (tid = pid), the busiest other thread, and all the others. */
export function threadCpuSplit(pid: number, before: Map<number, number>, after: Map<number, number>): { main: number; busiest: number; rest: number } {
  const used = [...after].map(([tid, ns]) => [tid, ns - (before.get(tid) ?? 0)] as const);
  const main = used.find(([tid]) => tid === pid)?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== pid).map(([, ns]) => ns).sort((a, b) => b - a);
  const busiest = others[0] ?? 0;
  return { main, busiest, rest: others.slice(1).reduce((a, b) => a + b, 0) };
}

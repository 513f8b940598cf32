/**
 * `npm run bench:sdk`: time added per call by LLMObserve, and for comparison by Langfuse's OpenAI integration and
 * OpenLLMetry's OpenAI instrumentation, on the same calls of the real `openai` client against the local mock server.
 *
 * Layout (every part in its own process, so no tool pays for another's work or for the servers):
 *   mock OpenAI server (packages/mock-providers) · sink for exported telemetry (bench/sink.ts) · one worker per tool
 *   (bench/worker.ts) that alternates blocks of untracked and tracked calls.
 * Added (median) = median over rounds of (tracked block median − untracked block median), paired by round; added
 * (p99) = tracked p99 − untracked p99 over all calls; ratio = tracked median / untracked median over all calls.
 * Host CPU added per call = CPU time of the worker process (the "app") per call, tracked − untracked: it leaves out
 * the mock and sink processes, which share the machine's two cores and make wall-clock figures noisy.
 *
 * Environment: BENCH_ROUNDS (40), BENCH_PLAIN_BLOCK (50), BENCH_STREAM_BLOCK (50), BENCH_WARMUP (200),
 * BENCH_VARIANTS (llmobserve,context,langfuse,openllmetry; `context`: AsyncLocalStorage alone, the part of
 * llmobserve's figure that observe() enables for exact attribution).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import type { Summary } from './stats.js';
import { startMockAndSink } from './servers.js';

const here = dirname(fileURLToPath(import.meta.url));

function runWorker(variant: string, mockUrl: string, sinkUrl: string): Promise<{ ok: true; result: any } | { ok: false; error: string }> {
  return new Promise((res) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), variant, mockUrl, sinkUrl], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.once('exit', (code) => {
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (code === 0 && line) res({ ok: true, result: JSON.parse(line) });
      else res({ ok: false, error: `exit ${code}: ${(err || out).trim().split('\n').slice(-5).join(' | ')}` });
    });
  });
}

const fmt = (us: number) => `${Math.round(us).toLocaleString('en-US')} µs`;
const added = (t: number, b: number) => `${t - b >= 0 ? '+' : ''}${Math.round(t - b).toLocaleString('en-US')} µs`;

const variants = (process.env.BENCH_VARIANTS ?? 'llmobserve,context,langfuse,openllmetry').split(',');
const servers = await startMockAndSink();
const mock = { url: servers.mockUrl };
const sink = { url: servers.sinkUrl };

console.log(`SDK overhead benchmark — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
console.log(
  `rounds ${process.env.BENCH_ROUNDS ?? 40} × (${process.env.BENCH_PLAIN_BLOCK ?? 50} plain + ${process.env.BENCH_STREAM_BLOCK ?? 50} streamed calls) per mode, alternating untracked/tracked blocks\n`,
);
const rows: string[] = [];
const notes: string[] = [];
let ours: { plain: number; stream: number } | null = null;
for (const v of variants) {
  const r = await runWorker(v, mock.url, sink.url);
  if (!r.ok) {
    notes.push(`${v}: could not run offline here (${r.error})`);
    rows.push(`| ${v} | – | – | – | – | – | – | not run (see note) |`);
    continue;
  }
  notes.push(`${v}: ${r.result.note}`);
  for (const kind of ['plain', 'stream'] as const) {
    const b: Summary = r.result[kind].baseline;
    const t: Summary = r.result[kind].tracked;
    const pairedAdded: number = r.result[kind].pairedAddedMedian;
    if (v === 'llmobserve') {
      ours ??= { plain: 0, stream: 0 };
      ours[kind] = pairedAdded;
    }
    const c = r.result[kind].cpuPerCall as { baseline: number; tracked: number };
    rows.push(
      `| ${v} | ${kind === 'plain' ? 'chat.completions' : 'chat.completions stream'} | ${fmt(b.median)} / ${fmt(b.p99)} | ${fmt(t.median)} / ${fmt(t.p99)} | ${added(pairedAdded, 0)} | ${added(t.p99, b.p99)} | ${(t.median / b.median).toFixed(3)} | ${added(c.tracked, c.baseline)} |`,
    );
  }
}
console.log('| tool | call | untracked median / p99 | tracked median / p99 | added (median) | added (p99) | ratio (median) | host CPU added per call |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
console.log('');
for (const n of notes) console.log(`- ${n}`);
if (ours) {
  const ok = ours.plain <= 50 && ours.stream <= 50;
  console.log(`\nLLMObserve target (median added ≤ 50 µs): plain ${Math.round(ours.plain)} µs, stream ${Math.round(ours.stream)} µs → ${ok ? 'met' : 'NOT met'}`);
}
await servers.stop();

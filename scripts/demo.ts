/**
 * `npm run demo`: a populated dashboard in one command.
 *
 * Starts a collector (port 8000, or a free port if 8000 is taken) on a fresh SQLite database under ./data/demo,
 * a mock OpenAI server, and a sample app that uses the SDK (`observe()`, `setCustomerId()`, sections, agents and
 * tools) with the official `openai` client to make calls for several customers, sections and models. The SDK stamps
 * events with the current time, so the earlier days are backfilled by POSTing events for those days straight to the
 * collector (the output says so). Then it prints the dashboard URL and keeps a trickle of live calls going until
 * Ctrl-C.
 *
 *   node --import tsx scripts/demo.ts [--port 8000] [--db FILE] [--days 45] [--live-runs 24] [--no-trickle]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { agent, flush, observe, section, setCustomerId, shutdown, tool, withRun } from '@llmobserve/sdk';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'packages/collector/dist/cli/main.js');
const DAY = 86_400_000;

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8000' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string' },
    days: { type: 'string', default: '45' },
    'live-runs': { type: 'string', default: '24' },
    'no-trickle': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log('Usage: node --import tsx scripts/demo.ts [--port 8000] [--db FILE] [--days 45] [--live-runs 24] [--no-trickle]');
  process.exit(0);
}
const DAYS = Math.max(0, Number(args.days));
const LIVE_RUNS = Math.max(1, Number(args['live-runs']));

/** Deterministic randomness: the same demo every time. */
let seed = 0x5eed;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const between = (a: number, b: number) => Math.round(a + rand() * (b - a));

/** Customers with a shape: relative size, growth per day, and a spike in the last days for one of them. */
const CUSTOMERS = [
  { id: 'acme-corp', runs: 12, growth: 0.0 },
  { id: 'globex', runs: 6, growth: 0.03 },
  { id: 'initech', runs: 3, growth: 0.0, spikeLastDays: 3 },
  { id: 'umbrella', runs: 6, growth: -0.015 },
  { id: 'hooli', runs: 4, growth: 0.01 },
  { id: 'stark-industries', runs: 6, growth: 0.005 },
  { id: 'wayne-enterprises', runs: 2, growth: 0.02 },
  { id: 'soylent', runs: 1, growth: 0.0 },
] as const;

type Flow = 'support_chat' | 'summarize' | 'onboarding' | 'search';
const FLOWS: Flow[] = ['support_chat', 'support_chat', 'support_chat', 'summarize', 'summarize', 'onboarding', 'search'];
const CHAT_MODELS = ['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o', 'o3-mini'] as const;
const DATED: Record<string, string> = { 'gpt-4o-mini': 'gpt-4o-mini-2024-07-18', 'gpt-4o': 'gpt-4o-2024-08-06', 'o3-mini': 'o3-mini-2025-01-31' };

async function freePort(preferred: number, host: string): Promise<number> {
  const tryPort = (p: number) =>
    new Promise<number | null>((res) => {
      const srv = createServer();
      srv.once('error', () => res(null));
      srv.listen(p, host, () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => res(port));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0))!;
}

async function startCollector(port: number, db: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--host', args.host!, '--port', String(port), '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the collector did not start in 20 s:\n${out}`)), 20_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the collector exited with ${code}:\n${out}`));
    });
  });
  return { url, proc };
}

interface Ev {
  [k: string]: unknown;
}

let spanSeq = 0;
const spanId = (prefix: string) => `${prefix}-${(++spanSeq).toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`;

/** One backfilled run, shaped like what the SDK sends for the same flow. */
function backfillRun(customer: string, at: number): Ev[] {
  const flow = pick(FLOWS);
  const runId = spanId('run');
  const events: Ev[] = [];
  const base = { run_id: runId, customer_id: customer, sdk: 'llmobserve-demo-backfill/0.1.0' };
  let t = at;
  const llm = (parent: string, path: string, section: string, model: string, input: number, output: number, extra: Ev = {}) => {
    const latency = between(300, 2400);
    events.push({
      ...base, span_id: spanId('llm'), parent_span_id: parent, span_type: 'llm', section, section_path: path, provider: 'openai', endpoint: 'chat.completions',
      model: DATED[model] ?? model, input_tokens: input, output_tokens: output, cache_read_tokens: rand() < 0.4 ? Math.floor(input * 0.5) : 0,
      reasoning_tokens: model === 'o3-mini' ? Math.floor(output * 0.6) : 0, started_at: new Date(t).toISOString(), latency_ms: latency, status: 'ok', ...extra,
    });
    t += latency + between(5, 60);
  };
  if (flow === 'support_chat') {
    const secId = spanId('section');
    const agId = spanId('agent');
    const start = t;
    const model = pick(CHAT_MODELS);
    llm(agId, 'support_chat/agent:research', 'agent:research', model, between(800, 4000), between(150, 900));
    const toolId = spanId('tool');
    const toolStart = t;
    events.push({
      ...base, span_id: spanId('emb'), parent_span_id: toolId, span_type: 'embedding', section: 'tool:search', section_path: 'support_chat/agent:research/tool:search', provider: 'openai',
      endpoint: 'embeddings', model: 'text-embedding-3-small', input_tokens: between(2000, 12000), output_tokens: 0, started_at: new Date(t).toISOString(), latency_ms: between(80, 300), status: 'ok',
    });
    t += 320;
    events.push({ ...base, span_id: toolId, parent_span_id: agId, span_type: 'tool', section: 'tool:search', section_path: 'support_chat/agent:research/tool:search', started_at: new Date(toolStart).toISOString(), latency_ms: t - toolStart, status: 'ok' });
    if (rand() < 0.05) {
      events.push({ ...base, span_id: spanId('llm'), parent_span_id: agId, span_type: 'llm', section: 'agent:research', section_path: 'support_chat/agent:research', provider: 'openai', endpoint: 'chat.completions', model: 'gpt-4o', input_tokens: 0, output_tokens: 0, started_at: new Date(t).toISOString(), latency_ms: 120, status: 'rate_limited', error: 'Rate limit reached for gpt-4o' });
      t += 400;
    }
    llm(agId, 'support_chat/agent:research', 'agent:research', model, between(1500, 6000), between(200, 1200));
    events.push({ ...base, span_id: agId, parent_span_id: secId, span_type: 'agent', section: 'agent:research', section_path: 'support_chat/agent:research', started_at: new Date(start).toISOString(), latency_ms: t - start, status: 'ok' });
    events.push({ ...base, span_id: secId, parent_span_id: null, span_type: 'section', section: 'support_chat', section_path: 'support_chat', started_at: new Date(start).toISOString(), latency_ms: t - start + 15, status: 'ok' });
  } else if (flow === 'summarize') {
    const start = t;
    const secId = spanId('section');
    llm(secId, 'summarize', 'summarize', rand() < 0.7 ? 'gpt-4o-mini' : 'gpt-4o', between(3000, 16000), between(200, 700));
    events.push({ ...base, span_id: secId, parent_span_id: null, span_type: 'section', section: 'summarize', section_path: 'summarize', started_at: new Date(start).toISOString(), latency_ms: t - start, status: 'ok' });
  } else if (flow === 'onboarding') {
    const start = t;
    const secId = spanId('section');
    const draftId = spanId('section');
    const draftStart = t;
    // A self-hosted model the public price list does not know: stored as unpriced, never as $0.
    const selfHosted = rand() < 0.35;
    if (selfHosted) {
      events.push({ ...base, span_id: spanId('llm'), parent_span_id: draftId, span_type: 'llm', section: 'email_draft', section_path: 'onboarding/email_draft', provider: 'selfhosted', endpoint: 'chat.completions', model: 'acme-llm-7b', input_tokens: between(500, 1500), output_tokens: between(200, 500), started_at: new Date(t).toISOString(), latency_ms: 900, status: 'ok' });
      t += 950;
    } else llm(draftId, 'onboarding/email_draft', 'email_draft', 'gpt-4o', between(600, 1800), between(300, 800));
    events.push({ ...base, span_id: draftId, parent_span_id: secId, span_type: 'section', section: 'email_draft', section_path: 'onboarding/email_draft', started_at: new Date(draftStart).toISOString(), latency_ms: t - draftStart, status: 'ok' });
    llm(secId, 'onboarding', 'onboarding', 'gpt-4o-mini', between(400, 1200), between(100, 300));
    events.push({ ...base, span_id: secId, parent_span_id: null, span_type: 'section', section: 'onboarding', section_path: 'onboarding', started_at: new Date(start).toISOString(), latency_ms: t - start, status: 'ok' });
  } else {
    const start = t;
    const secId = spanId('section');
    events.push({ ...base, span_id: spanId('emb'), parent_span_id: secId, span_type: 'embedding', section: 'search', section_path: 'search', provider: 'openai', endpoint: 'embeddings', model: 'text-embedding-3-small', input_tokens: between(5000, 40000), output_tokens: 0, started_at: new Date(t).toISOString(), latency_ms: between(60, 250), status: 'ok' });
    t += 260;
    events.push({ ...base, span_id: secId, parent_span_id: null, span_type: 'section', section: 'search', section_path: 'search', started_at: new Date(start).toISOString(), latency_ms: t - start, status: 'ok' });
  }
  return events;
}

async function postEvents(url: string, events: Ev[]): Promise<void> {
  for (let i = 0; i < events.length; i += 2000) {
    const res = await fetch(`${url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events.slice(i, i + 2000)) });
    if (res.status !== 200) throw new Error(`POST /events answered ${res.status}: ${await res.text()}`);
  }
}

/** Earlier days, backfilled over HTTP: the SDK can only stamp "now". */
async function backfill(url: string, now: number): Promise<number> {
  const today = Math.floor(now / DAY) * DAY;
  const events: Ev[] = [];
  for (let d = DAYS; d >= 1; d--) {
    const day = today - d * DAY;
    for (const c of CUSTOMERS) {
      const spike = 'spikeLastDays' in c && d <= c.spikeLastDays ? 6 : 1;
      const weekend = [0, 6].includes(new Date(day).getUTCDay()) ? 0.55 : 1;
      const n = Math.max(0, Math.round(c.runs * (1 + c.growth * (DAYS - d)) * weekend * spike * (0.75 + rand() * 0.5)));
      for (let i = 0; i < n; i++) {
        // Business hours are busier.
        const hour = rand() < 0.8 ? between(8, 19) : between(0, 23);
        events.push(...backfillRun(c.id, day + hour * 3_600_000 + between(0, 3_599_000)));
      }
    }
  }
  await postEvents(url, events);
  return events.length;
}

/** The sample app: what a SaaS backend does per request, observed by the SDK. */
async function sampleRequest(client: OpenAI, customer: string, flow: Flow): Promise<void> {
  const usage = (u: object) => ({ headers: { 'x-mock-usage': JSON.stringify(u) } });
  await withRun(async () => {
    setCustomerId(customer);
    if (flow === 'support_chat') {
      await section('support_chat', () =>
        agent('research', async () => {
          const model = pick(CHAT_MODELS);
          await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Where is my order #1234?' }] }, usage({ prompt_tokens: between(800, 4000), completion_tokens: between(150, 900), cached_tokens: rand() < 0.4 ? 400 : 0, reasoning_tokens: model === 'o3-mini' ? 100 : 0 }));
          await tool('search', () => client.embeddings.create({ model: 'text-embedding-3-small', input: 'order 1234 status' }, usage({ prompt_tokens: between(2000, 12000) })));
          await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Answer with the order status.' }] }, usage({ prompt_tokens: between(1500, 6000), completion_tokens: between(200, 1200), reasoning_tokens: model === 'o3-mini' ? 150 : 0 }));
        }),
      );
    } else if (flow === 'summarize') {
      await section('summarize', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Summarise this thread.' }] }, usage({ prompt_tokens: between(3000, 16000), completion_tokens: between(200, 700) })));
    } else if (flow === 'onboarding') {
      await section('onboarding', async () => {
        await section('email_draft', () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Draft a welcome email.' }] }, usage({ prompt_tokens: between(600, 1800), completion_tokens: between(300, 800) })));
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Pick a subject line.' }] }, usage({ prompt_tokens: between(400, 1200), completion_tokens: between(100, 300) }));
      });
    } else {
      await section('search', () => client.embeddings.create({ model: 'text-embedding-3-small', input: 'refund policy' }, usage({ prompt_tokens: between(5000, 40000) })));
    }
  });
}

async function main(): Promise<void> {
  const db = args.db ? resolve(args.db) : join(ROOT, 'data/demo/demo.sqlite');
  if (!args.db) {
    mkdirSync(dirname(db), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  }
  const port = await freePort(Number(args.port), args.host!);
  const collector = await startCollector(port, db);
  let mock: MockOpenAI | undefined;
  let trickle: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    if (trickle) clearInterval(trickle);
    await shutdown({ timeoutMs: 3000 }).catch(() => undefined);
    await mock?.close().catch(() => undefined);
    if (collector.proc.exitCode === null) {
      await new Promise((res) => {
        collector.proc.once('exit', res);
        collector.proc.kill('SIGTERM');
      });
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    console.log(`collector: ${collector.url} (fresh database ${db})`);
    const now = Date.now();
    const backfilled = await backfill(collector.url, now);
    console.log(`backfilled ${backfilled} events for the ${DAYS} previous days by POSTing them to ${collector.url}/events (the SDK stamps events with the current time, so it cannot make past days)`);

    mock = await startMockOpenAI({ record: false });
    const client = new OpenAI({ apiKey: 'sk-demo', baseURL: mock.baseURL, maxRetries: 0 });
    observe({ collectorUrl: collector.url, providers: { [mock.url]: 'openai' }, flushIntervalMs: 200 });
    for (let i = 0; i < LIVE_RUNS; i++) {
      const c = CUSTOMERS[i % CUSTOMERS.length]!;
      await sampleRequest(client, c.id, pick(FLOWS));
    }
    if (!(await flush({ timeoutMs: 10_000 }))) throw new Error('the SDK could not deliver its events to the collector');
    console.log(`sample app: ${LIVE_RUNS} requests through the SDK (observe + setCustomerId + section/agent/tool) against a mock OpenAI server at ${mock.url}`);

    const insights = (await (await fetch(`${collector.url}/insights`)).json()) as { totals: { cost_usd: number; calls: number; unpriced_calls: number } };
    console.log(`stored: ${insights.totals.calls} calls, $${insights.totals.cost_usd.toFixed(4)}, ${insights.totals.unpriced_calls} unpriced (self-hosted model)`);
    console.log('');
    console.log(`Dashboard: ${collector.url}/dashboard/`);
    console.log('');
    if (!args['no-trickle']) {
      console.log('A live request is made every 5 s; press Ctrl-C to stop.');
      trickle = setInterval(() => void sampleRequest(client, pick(CUSTOMERS).id, pick(FLOWS)).catch(() => undefined), 5000);
    } else console.log('Press Ctrl-C to stop.');
  } catch (err) {
    console.error(`demo failed: ${(err as Error).stack ?? err}`);
    await stop(1);
  }
}

void main();

/**
 * Two builds of the SDK side by side in ONE process, for changes smaller than the noise between runs of
 * `bench:sdk` on a shared machine: rounds of three blocks (untracked, tracked by bundle A, tracked by bundle B; the
 * order rotates per round), the same calls of the real `openai` client against the mock server. Each bundle's added
 * time is the median over rounds of (its block median − the untracked block median of the same round); "A − B" is
 * the median over rounds of the difference of the two, which cancels the drift that both see alike.
 *
 *   node --import tsx bench/compare.ts <bundle A index.js> <bundle B index.js>
 *
 * Environment: COMPARE_ROUNDS (60), COMPARE_BLOCK (50), COMPARE_KINDS (stream,plain).
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { startMockAndSink } from './servers.js';
import { summarize } from './stats.js';

const [pathA, pathB] = process.argv.slice(2);
if (!pathA || !pathB) throw new Error('usage: bench/compare.ts <bundle A index.js> <bundle B index.js>');
const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 60);
const BLOCK = Number(process.env.COMPARE_BLOCK ?? 50);
const KINDS = (process.env.COMPARE_KINDS ?? 'stream,plain').split(',');

interface Sdk {
  observe(o: object): void;
  shutdown(): Promise<boolean>;
}
const load = async (p: string): Promise<Sdk> => (await import(pathToFileURL(resolve(p)).href)) as Sdk;
const [A, B] = [await load(pathA), await load(pathB)];
const servers = await startMockAndSink();
const client = new OpenAI({ apiKey: 'sk-bench', baseURL: `${servers.mockUrl}/v1`, maxRetries: 0 });
const options = { collectorUrl: servers.sinkUrl, providers: { [servers.mockUrl]: 'openai' } };
const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Say hello in one short sentence.' },
];

async function call(kind: string): Promise<void> {
  if (kind === 'plain') {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    return;
  }
  const s = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
  for await (const _ of s) {
    /* consume every chunk */
  }
}

type Mode = 'none' | 'A' | 'B';
const modes: Record<Mode, { on(): void; off(): Promise<unknown> }> = {
  none: { on: () => {}, off: async () => {} },
  A: { on: () => A.observe(options), off: () => A.shutdown() },
  B: { on: () => B.observe(options), off: () => B.shutdown() },
};
const ORDERS: Mode[][] = [
  ['none', 'A', 'B'],
  ['A', 'B', 'none'],
  ['B', 'none', 'A'],
  ['none', 'B', 'A'],
  ['B', 'A', 'none'],
  ['A', 'none', 'B'],
];

async function blockMedian(kind: string, mode: Mode, n: number): Promise<number> {
  modes[mode].on();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call(kind);
    xs.push((performance.now() - t0) * 1000);
  }
  await modes[mode].off();
  return summarize(xs).median;
}

console.log(`A: ${pathA}\nB: ${pathB}\nnode ${process.version}, ${ROUNDS} rounds × 3 blocks of ${BLOCK} calls`);
for (const kind of KINDS) {
  for (const m of ['none', 'A', 'B'] as const) await blockMedian(kind, m, 2 * BLOCK); // warm-up
  const addedA: number[] = [];
  const addedB: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const med: Partial<Record<Mode, number>> = {};
    for (const m of ORDERS[r % ORDERS.length]!) med[m] = await blockMedian(kind, m, BLOCK);
    addedA.push(med.A! - med.none!);
    addedB.push(med.B! - med.none!);
  }
  const diff = addedA.map((a, i) => a - addedB[i]!);
  const f = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} µs`;
  console.log(
    `${kind}: A added ${f(summarize(addedA).median)}, B added ${f(summarize(addedB).median)}, A − B ${f(summarize(diff).median)} (median of ${ROUNDS} paired rounds)`,
  );
}
await servers.stop();
process.exit(0);

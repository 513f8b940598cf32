/**
 * node --import tsx bench/ingest-writer.ts — the SQLite writer alone: events per CPU-second of the code the writer
 * thread runs (its writer: insert, then the fold of rollups, runs, billing, insight signals; commits), in-process, no HTTP.
 * CPU time (process.cpuUsage) moves far less than wall time when other work shares the machine, so builds can be
 * compared on a busy one. The events are bench/ingest.ts's traffic, normalised and priced by the collector's own code,
 * written in transactions of BENCH_GROUP (default 4) × 500 like the HTTP bench's group commit.
 *
 * Env: BENCH_EVENTS (default 60000), BENCH_GROUP, BENCH_WRITER=main (the main thread's writer, folding in every
 * transaction, instead of the writer thread's), BENCH_FOLD_EVENTS (the writer thread's fold size; default its
 * FOLD_EVENTS), BENCH_ROOT (a repository tree to measure, e.g. an export of an older commit built with the same
 * node_modules; default this one). BENCH_AB=<tree>,<tree>,… measures those trees' writers (folding in every
 * transaction) side by side in this process instead, each transaction written by each tree in turn (alternating
 * which goes first), each on its own database: a ratio that load on a shared machine moves far less than separate runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(process.env.BENCH_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const SRC = join(ROOT, 'packages/collector/src');
const { SqliteStorage } = await import(join(SRC, 'storage/sqlite/sqlite-storage.ts'));
const writerModule = await import(join(SRC, 'storage/sqlite/event-writer.ts'));
const { openConnection } = writerModule;
// the writer thread's writer (inserts, folds every FOLD_EVENTS: sqlite/fold.ts) where the tree has one
const FOLD_EVENTS: number = Number(process.env.BENCH_FOLD_EVENTS ?? 0) || await import(join(SRC, 'storage/sqlite/fold.ts')).then((m) => m.FOLD_EVENTS, () => 0);
const { normalizeEvent } = await import(join(SRC, 'ingest/normalize.ts'));
const { priceEvent } = await import(join(SRC, 'pricing/price-event.ts'));
const { TokenPricer } = await import(join(SRC, 'pricing/token-prices.ts'));
// older trees have no cost split
const costParts = await import(join(SRC, 'pricing/cost-parts.ts')).then((m) => m.costParts, () => null);

const TOTAL = Number(process.env.BENCH_EVENTS ?? 60_000);
const GROUP = Number(process.env.BENCH_GROUP ?? 4);
const BATCH = 500;
const MODELS = [['openai', 'gpt-4o-mini'], ['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4-20250514'], ['google', 'gemini-2.0-flash'], ['openai', 'text-embedding-3-small']];
const NOW = Date.now();
/** bench/ingest.ts's event i. */
function makeEvent(i: number) {
  const [provider, model] = MODELS[i % MODELS.length]!;
  const run = Math.floor(i / 5);
  const customer = Math.floor(1000 * Math.pow((run * 7919) % 1000 / 1000, 3));
  return {
    span_id: `w-${i}`, run_id: `w-run-${run}`, parent_span_id: i % 5 === 0 ? null : `w-${i - (i % 5)}`, span_type: 'llm',
    section: `feature:${run % 7}`, section_path: `agent:${run % 3}/feature:${run % 7}`, tenant_id: `tenant_${run % 4}`,
    customer_id: `customer_${customer}`, provider, endpoint: 'chat.completions', model,
    input_tokens: 1000 + (i % 900), output_tokens: 100 + (i % 90), cache_read_tokens: i % 200,
    started_at: new Date(NOW - 3_600_000 + (i % 3_600_000)).toISOString(), latency_ms: 250 + (i % 100), status: 'ok',
    is_streaming: i % 2 === 0, sdk: 'llmobserve-js/0.1.0',
  };
}

const tokens = new TokenPricer();
const events = Array.from({ length: TOTAL }, (_, i) => {
  const r = normalizeEvent(makeEvent(i), Date.now());
  if (!r.ok) throw new Error(r.message);
  const cost = priceEvent(r.event, tokens, null);
  const priced = Object.assign(r.event, cost);
  if (costParts) priced.cost_parts = costParts(r.event, cost, tokens, null);
  return priced;
});
const batchesAt = (i: number) => {
  const batches = [];
  for (let g = 0; g < GROUP && i + g * BATCH < TOTAL; g++) batches.push(events.slice(i + g * BATCH, i + (g + 1) * BATCH));
  return batches;
};
if (process.env.BENCH_AB) {
  const trees = [];
  for (const root of process.env.BENCH_AB.split(',').map((r) => resolve(r))) {
    const src = join(root, 'packages/collector/src');
    const storage = await import(join(src, 'storage/sqlite/sqlite-storage.ts'));
    const writer = await import(join(src, 'storage/sqlite/event-writer.ts'));
    const f = join(mkdtempSync(join(tmpdir(), 'llmo-bench-writer-')), 'writer.sqlite');
    new storage.SqliteStorage(f).close();
    trees.push({ root, write: writer.createGroupWriter(writer.openConnection(f)), us: 0 });
  }
  for (let i = 0, n = 0; i < TOTAL; i += BATCH * GROUP, n++) {
    const batches = batchesAt(i);
    for (const t of n % 2 === 0 ? trees : [...trees].reverse()) {
      const c = process.cpuUsage();
      t.write(batches);
      const u = process.cpuUsage(c);
      t.us += u.user + u.system;
    }
  }
  for (const t of trees) console.log(`bench:ingest-writer (side by side) — ${t.root}: ${(t.us / TOTAL).toFixed(1)} µs/event`);
  process.exit(0);
}
const file = join(mkdtempSync(join(tmpdir(), 'llmo-bench-writer-')), 'writer.sqlite');
new SqliteStorage(file).close(); // the schema of that tree, by its migrations
const db = openConnection(file);
const deferred = writerModule.createDeferredWriter && process.env.BENCH_WRITER !== 'main' ? writerModule.createDeferredWriter(db) : null;
const write: (batches: unknown[][]) => unknown = deferred
  ? (batches) => {
      deferred.write(batches);
      if (deferred.unfolded().events >= FOLD_EVENTS) deferred.fold();
    }
  : writerModule.createGroupWriter(db);
const wall = process.hrtime.bigint();
const cpu = process.cpuUsage();
for (let i = 0; i < TOTAL; i += BATCH * GROUP) write(batchesAt(i));
deferred?.fold();
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
const wallSeconds = Number(process.hrtime.bigint() - wall) / 1e9;
db.close();
console.log(`bench:ingest-writer — ${ROOT} (${deferred ? `writer thread's writer, folds of ${FOLD_EVENTS}` : 'folding in every transaction'}): ${Math.round(TOTAL / cpuSeconds).toLocaleString('en-US')} events per CPU-second ` +
  `(${(cpuSeconds * 1e6 / TOTAL).toFixed(1)} µs/event; CPU ${cpuSeconds.toFixed(2)} s, wall ${wallSeconds.toFixed(2)} s, ${TOTAL.toLocaleString('en-US')} events, transactions of ${GROUP} × ${BATCH})`);

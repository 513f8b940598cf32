// @storage sqlite,postgres
/**
 * The insights service on a real SQLite file: the hook (`insight.found`) gets new findings only, concurrent
 * evaluations of a tenant queue, the schedule runs when asked (and is off unless asked), and
 * the insight signals as ingest maintains them (in the batch's transaction, inserted rows only, so a replay counts
 * once) equal their SQL rebuild from the stored events (what the benchmark's bulk load uses), on a real SQLite file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { rebuildInsightSignalsSql } from '../src/storage/insights/rebuild.js';
import { DAY, seeded, storedCall } from './helpers/histories.js';
import { tempDir } from './helpers/collector.js';
import { Insights } from '../src/insights/service.js';
import { resolveInsightsInterval } from '../src/insights/config.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import type { StoredFinding } from '../src/storage/insights/types.js';

/** Five identical calls within a minute, now. */
const loop = (tenant: string) => {
  const at = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
  return [0, 1, 2, 3, 4].map((i) => storedCall({ tenant_id: tenant, customer_id: 'loopy', input_tokens: 4242, started_at: at + i * 1000 }));
};

/** p, or a rejection after ms (a ref'd timer: the scheduler's own timer is unref'd, this one keeps the test alive). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: not within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the insights service', () => {
  it('calls insight.found with new findings only; concurrent evaluations of a tenant queue', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'hook.sqlite'), { writerThread: false });
    const seen: [string, StoredFinding[]][] = [];
    const insights = new Insights(storage, new TokenPricer(), { hook: { found: (t, f) => void seen.push([t, f]) } });
    try {
      await storage.writeEvents([...loop('t1'), ...loop('t2')]);
      const [a, b] = await Promise.all([insights.evaluate('t1'), insights.evaluate('t1')]);
      assert.equal(a.new_ids.size + b.new_ids.size, 1, 'the second waited for the first and updated its finding');
      assert.equal(seen.length, 1);
      assert.equal(seen[0]![0], 't1');
      assert.deepEqual(seen[0]![1].map((f) => [f.kind, f.scope.customer_id]), [['retry_loop', 'loopy']]);
      await insights.evaluate('t2');
      assert.deepEqual(seen.map(([t]) => t), ['t1', 't2'], 'each tenant its own finding');
    } finally {
      await insights.stop();
      await storage.close();
    }
  });

  it('the schedule evaluates every tenant when asked, and is off unless asked', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'schedule.sqlite'), { writerThread: false });
    await storage.writeEvents([...loop('s1'), ...loop('s2')]);
    const offCalls: string[] = [];
    const off = new Insights(storage, new TokenPricer(), { hook: { found: (t) => void offCalls.push(t) } });
    off.start();
    const tenants = new Set<string>();
    let done: () => void;
    const both = new Promise<void>((r) => (done = r));
    const on = new Insights(storage, new TokenPricer(), { intervalMs: 20, hook: { found: (t) => void (tenants.add(t), tenants.size === 2 && done()) } });
    try {
      on.start();
      await within(both, 10_000, 'two scheduled evaluations');
      assert.deepEqual([...tenants].sort(), ['s1', 's2']);
      assert.deepEqual(offCalls, [], 'no interval: never evaluated by itself');
      assert.equal(resolveInsightsInterval({}), 3_600_000);
      assert.equal(resolveInsightsInterval({ LLMOBSERVE_INSIGHTS_INTERVAL_MS: '0' }), 0);
      assert.throws(() => resolveInsightsInterval({ LLMOBSERVE_INSIGHTS_INTERVAL_MS: '10' }), /must be 0 \(off\) or a number of milliseconds/);
    } finally {
      await on.stop();
      await off.stop();
      await storage.close();
    }
  });
});


const NOW = Date.UTC(2026, 10, 20, 12, 0);
const MODELS = [['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4-20250514'], [null, null]] as const;

describe('insight signals', () => {
  it('ingest (batches, replays, structural spans) gives exactly the SQL rebuild from the events', async () => {
    const file = join(tempDir(), 'signals.sqlite');
    const storage = new SqliteStorage(file, { writerThread: false });
    const rand = seeded(99);
    const events = Array.from({ length: 3000 }, (_, i) => {
      const [provider, model] = MODELS[i % 3]!;
      return storedCall({
        tenant_id: i % 5 === 0 ? 'other' : 'acme', customer_id: i % 7 === 0 ? null : `c${Math.floor(rand() * 20)}`, provider, model,
        section_path: i % 4 === 0 ? null : `s${i % 3}`, span_type: i % 50 === 0 ? 'section' : 'llm',
        input_tokens: Math.floor(rand() * 3000), cache_read_tokens: i % 6 === 0 ? 10 : 0, status: i % 9 === 0 ? 'rate_limited' : 'ok',
        cost_usd: i % 11 === 0 ? null : Math.floor(rand() * 100_000) / 1e6, started_at: NOW - Math.floor(rand() * 3 * DAY),
      });
    });
    for (let i = 0; i < events.length; i += 250) await storage.writeEvents(events.slice(i, i + 250));
    assert.equal((await storage.writeEvents(events.slice(0, 500))).accepted, 0, 'a replay is stored (and counted) once');
    await storage.close();

    const db = new Database(file);
    const snapshot = () => ({
      daily: db.prepare('SELECT * FROM insight_daily ORDER BY tenant_id, day, provider, model, section_path').all(),
      minute: db.prepare(`SELECT * FROM insight_minute WHERE operation_id = '' ORDER BY tenant_id, minute, customer_id, provider, model, section_path`).all(),
    });
    const ingested = snapshot();
    assert.ok(ingested.daily.length > 10 && ingested.minute.length > 1000, `${ingested.daily.length} daily, ${ingested.minute.length} minute rows`);
    db.exec(rebuildInsightSignalsSql('INTEGER', 0));
    assert.deepEqual(snapshot(), ingested);
    db.close();
  });
});

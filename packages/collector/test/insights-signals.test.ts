/**
 * The insight signals as ingest maintains them (in the batch's transaction, inserted rows only, so a replay counts
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

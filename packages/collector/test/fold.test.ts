/**
 * The SQLite writer thread's fold (storage/sqlite/fold.ts): events are inserted in the acknowledged transaction and
 * folded into every aggregate later — exactly once. Each case writes the same batches through the deferred writer
 * and through the main thread's writer (which folds in the ingest transaction) and compares every aggregate table:
 * after a crash between insert and fold, after another connection folded first, with replayed spans.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { createDeferredWriter, createGroupWriter, openConnection } from '../src/storage/sqlite/event-writer.js';
import { createFolder } from '../src/storage/sqlite/fold.js';
import type { StoredEventInput } from '../src/storage/types.js';
import { scratchDir } from './helpers/scratch.js';
import { storedCall, HOUR } from './helpers/histories.js';
import { insightDailyDeltas, minuteDeltas } from '../src/storage/insights/signals.js';

const AGGREGATES = ['rollup_hourly', 'rollup_daily', 'rollup_daily_wide', 'runs', 'billing_hourly', 'billing_monthly', 'insight_minute', 'insight_daily'];

function database(name: string): Database.Database {
  const file = join(scratchDir('llmo-fold-'), `${name}.sqlite`);
  new SqliteStorage(file, { writerThread: false }).close();
  return openConnection(file);
}

const dump = (db: Database.Database) =>
  Object.fromEntries(AGGREGATES.map((t) => [t, (db.prepare(`SELECT * FROM ${t}`).all() as object[]).map((r) => JSON.stringify(r)).sort()]));

const watermark = (db: Database.Database) => db.prepare('SELECT folded_through FROM rollup_fold').pluck().get() as number;
const maxId = (db: Database.Database) => db.prepare('SELECT COALESCE(MAX(id), 0) FROM trace_events').pluck().get() as number;

/** Batches over two tenants, hours, customers, sections and models, some runs spanning batches. */
function batches(): StoredEventInput[][] {
  const t0 = Date.UTC(2026, 10, 30, 22, 10);
  return Array.from({ length: 6 }, (_, b) => Array.from({ length: 40 }, (_, i) => {
    const n = b * 40 + i;
    return storedCall({
      span_id: `s-${n}`, run_id: `run-${Math.floor(n / 7)}`, tenant_id: n % 3 === 0 ? 'tenant_b' : 'tenant_a',
      customer_id: n % 5 === 0 ? null : `cust-${n % 4}`, section_path: n % 2 ? 'chat/answer' : 'search',
      model: n % 3 ? 'gpt-4o-mini' : 'gpt-4o', started_at: t0 + n * 0.2 * HOUR, cost_usd: n % 11 === 0 ? null : 0.000_123 * (n + 1),
      cost_status: n % 11 === 0 ? 'unpriced' : 'priced', status: n % 13 === 0 ? 'error' : n % 17 === 0 ? 'rate_limited' : 'ok',
      input_tokens: n % 6 === 0 ? 1500 : 100 + n, output_tokens: 10 + n, cache_read_tokens: n % 4 === 0 ? 64 : 0,
      // the SDK's retries of one client call: attempts 0, 1, 2 of an operation
      metadata: n % 9 < 3 ? JSON.stringify({ operation_id: `op-${Math.floor(n / 9)}`, attempt: n % 9 }) : null,
    });
  }));
}

function reference(): ReturnType<typeof dump> {
  const db = database('reference');
  const write = createGroupWriter(db);
  for (const b of batches()) write([b]);
  const out = dump(db);
  db.close();
  return out;
}

describe('the SQLite fold of the aggregates', () => {
  const expected = reference();

  it('gives the insight signals the pure deltas give (SQL-grouped rows of all calls, retries by minuteDeltas)', () => {
    const rows = (list: object[]) => list.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1))))).sort();
    const parsed = (t: string) => expected[t]!.map((j) => JSON.parse(j) as object);
    const all = batches().flat();
    assert.ok(minuteDeltas(all).some((d) => d.operation_id !== ''), 'the events include retries');
    assert.deepEqual(rows(parsed('insight_minute')), rows(minuteDeltas(all)));
    assert.deepEqual(rows(parsed('insight_daily')), rows(insightDailyDeltas(all)));
  });

  it('folds later what the ingest transaction inserted, exactly as folding in it does', () => {
    const db = database('deferred');
    const w = createDeferredWriter(db);
    for (const b of batches()) w.write([b]);
    assert.equal(w.unfolded().events, 240);
    assert.equal(db.prepare('SELECT count(*) FROM rollup_hourly').pluck().get(), 0, 'nothing folded before the fold');
    assert.equal(w.fold(), 240);
    assert.equal(watermark(db), maxId(db));
    assert.deepEqual(dump(db), expected);
    db.close();
  });

  it('after a crash between the insert and the fold, the next writer folds the stored rows once', () => {
    const db = database('crash');
    const first = createDeferredWriter(db);
    const [a, b, c, ...rest] = batches();
    first.write([a!, b!]);
    first.fold();
    first.write([c!]);
    db.close(); // the process dies: batch c is committed, its aggregates are not
    const again = openConnection(db.name);
    const second = createDeferredWriter(again); // folds what the previous process left
    assert.equal(watermark(again), maxId(again));
    for (const r of rest) second.write([r]);
    second.fold();
    assert.deepEqual(dump(again), expected);
    again.close();
  });

  it('when another connection folded first (a re-pricing), folds from the stored rows without counting twice', () => {
    const db = database('other');
    const w = createDeferredWriter(db);
    const all = batches();
    w.write(all.slice(0, 3));
    const other = openConnection(db.name);
    createFolder(other).foldStored();
    other.close();
    w.write(all.slice(3));
    w.fold();
    assert.equal(watermark(db), maxId(db));
    assert.deepEqual(dump(db), expected);
    db.close();
  });

  it('leaves nothing to fold from a group that rolled back (one bad batch)', () => {
    const db = database('rollback');
    const w = createDeferredWriter(db);
    const all = batches();
    const broken = [{ ...all[0]![0]!, span_id: 'bad-1' }, { ...all[0]![1]!, span_id: null as unknown as string }];
    assert.throws(() => w.write([all[0]!, broken]), /NOT NULL/);
    assert.equal(w.unfolded().events, 0);
    for (const b of all) w.write([b]);
    w.fold();
    assert.deepEqual(dump(db), expected);
    db.close();
  });

  it('after a fold that failed (its events already out of memory), the next fold takes them from the stored rows', () => {
    const db = database('failed');
    const w = createDeferredWriter(db);
    for (const b of batches()) w.write([b]);
    // a fault inside the fold's transaction (as a full disk would be): it rolls back
    db.exec(`CREATE TRIGGER fail_fold BEFORE INSERT ON rollup_hourly BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    assert.throws(() => w.fold(), /disk full/);
    db.exec('DROP TRIGGER fail_fold');
    assert.equal(w.unfolded().events, 0, 'nothing is pending in memory any more');
    assert.equal(w.fold(), 240, 'the events are folded from the stored rows');
    assert.equal(watermark(db), maxId(db));
    assert.deepEqual(dump(db), expected);
    db.close();
  });

  it('folds a replayed span once', () => {
    const db = database('replay');
    const w = createDeferredWriter(db);
    const all = batches();
    for (const b of all) w.write([b]);
    const replay = w.write([all[2]!])[0]!;
    assert.equal(replay.accepted, 0);
    assert.equal(replay.duplicateIndexes.length, 40);
    w.fold();
    assert.deepEqual(dump(db), expected);
    db.close();
  });
});

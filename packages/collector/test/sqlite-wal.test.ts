// @storage sqlite
/**
 * SQLite's WAL under the writer thread: new databases take 16 KiB pages (an existing one keeps its own), the writer's
 * commits never checkpoint (wal_autocheckpoint = 0), and the checkpoint thread copies every committed page back into
 * the database file soon after — the main file alone, without its -wal, holds what was written. Closing leaves no
 * WAL behind, and a WAL that a burst grew is cut back to its limit when it starts over.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { NEW_DATABASE_PAGE_SIZE, openConnection, WAL_SIZE_LIMIT } from '../src/storage/sqlite/event-writer.js';
import { statSync } from 'node:fs';
import { scratchDir } from './helpers/scratch.js';
import { ev, post, startCollector } from './helpers/collector.js';

const rowsInMainFileAlone = (file: string): number => {
  // a copy of the database file without its WAL: only what a checkpoint copied back
  const copy = join(scratchDir('llmo-wal-copy-'), 'copy.sqlite');
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM trace_events').pluck().get() as number;
  } catch {
    return -1; // not copied back yet (no schema), or copied while a checkpoint was writing it
  } finally {
    db.close();
  }
};

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SQLite WAL and checkpoints', () => {
  it('gives a new database 16 KiB pages and leaves an existing one its page size', async () => {
    const fresh = join(scratchDir('llmo-wal-'), 'new.sqlite');
    await new SqliteStorage(fresh).close();
    const existing = join(scratchDir('llmo-wal-'), 'old.sqlite');
    const old = new Database(existing);
    old.pragma('page_size = 4096');
    old.exec('CREATE TABLE keep (x)');
    old.close();
    await new SqliteStorage(existing).close();
    const pageSize = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true });
      } finally {
        db.close();
      }
    };
    assert.equal(pageSize(fresh), NEW_DATABASE_PAGE_SIZE);
    assert.equal(pageSize(existing), 4096);
  });

  it('copies committed events back into the database file from the checkpoint thread, and stops without a WAL', async () => {
    const c = await startCollector();
    try {
      const now = Date.now();
      const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev({ span_id: `wal-${from + i}`, customer_id: `c${i % 7}`, started_at: new Date(now - i).toISOString() }));
      // far fewer pages than SQLite's own autocheckpoint threshold (10,000): only the checkpoint thread copies them
      assert.equal((await post(c.url, batch(0, 300))).status, 200);
      await until('the first batch reached the database file', () => rowsInMainFileAlone(c.db) === 300);
      assert.equal((await post(c.url, batch(300, 200))).status, 200);
      await until('the second batch reached the database file', () => rowsInMainFileAlone(c.db) === 500);
    } finally {
      await c.stop();
    }
    assert.equal(existsSync(`${c.db}-wal`), false, 'stopping removes the WAL');
    assert.equal(rowsInMainFileAlone(c.db), 500);
  });

  it('keeps SQLite checkpointing on commit when the writer runs on the main thread', async () => {
    const file = join(scratchDir('llmo-wal-'), 'main.sqlite');
    const storage = new SqliteStorage(file, { writerThread: false });
    try {
      assert.equal(storage.autoCheckpoint, true);
      assert.equal(storage.connection.pragma('wal_autocheckpoint', { simple: true }), 10_000);
    } finally {
      await storage.close();
    }
    const threaded = new SqliteStorage(join(scratchDir('llmo-wal-'), 'threaded.sqlite'));
    try {
      assert.equal(threaded.autoCheckpoint, false);
      assert.equal(threaded.connection.pragma('wal_autocheckpoint', { simple: true }), 0);
    } finally {
      await threaded.close();
    }
  });

  it('cuts a WAL that a burst grew back to its limit once it starts over', () => {
    const file = join(scratchDir('llmo-wal-'), 'burst.sqlite');
    const limit = 256 * 1024;
    const walSize = () => statSync(`${file}-wal`).size;
    const writer = openConnection(file, { autoCheckpoint: false, walSizeLimit: limit });
    // a reader that stays open keeps the WAL file (the last connection to close would delete it)
    const checkpointer = new Database(file);
    try {
      const defaults = openConnection(join(scratchDir('llmo-wal-'), 'default.sqlite'));
      assert.equal(defaults.pragma('journal_size_limit', { simple: true }), WAL_SIZE_LIMIT);
      defaults.close();
      writer.exec('CREATE TABLE burst (x BLOB)');
      const insert = writer.prepare('INSERT INTO burst (x) VALUES (randomblob(4000))');
      // a burst no checkpoint ran during: about 8 MB of WAL
      writer.transaction(() => { for (let i = 0; i < 2_000; i++) insert.run(); })();
      const grown = walSize();
      assert.ok(grown > 20 * limit, `the burst grew the WAL (${grown} bytes)`);
      // everything copied back, then the next write starts the WAL over: the file is cut to the limit
      checkpointer.pragma('wal_checkpoint(RESTART)');
      insert.run();
      assert.ok(walSize() <= limit, `WAL of ${walSize()} bytes after it started over (limit ${limit})`);
      assert.equal(checkpointer.prepare('SELECT count(*) FROM burst').pluck().get(), 2_001);
    } finally {
      checkpointer.close();
      writer.close();
    }
  });
});

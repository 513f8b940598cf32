/**
 * The billing store of an open storage, per tenant. SQLite gets a connection of its own for billing (its
 * transactions span awaits; the main connection serves the other stores meanwhile), closed with the storage.
 */
import type { Storage } from '../types.js';
import { SqliteStorage } from '../sqlite/sqlite-storage.js';
import { openConnection } from '../sqlite/event-writer.js';
import { PostgresStorage } from '../postgres/postgres-storage.js';
import { text } from '../postgres/sql.js';
import { PgBillingDb, SqliteBillingDb, type BillingDb } from './db.js';
import { BillingStore } from './store.js';
import { billingReader, type Offload } from './offload.js';

const dbs = new WeakMap<Storage, { db: BillingDb; offload: Offload | null }>();

/** A read of every customer that takes longer than this on the billing reader thread fails (503). */
const BILLING_READ_TIMEOUT_MS = 120_000;

function billingDb(storage: Storage): { db: BillingDb; offload: Offload | null } {
  let found = dbs.get(storage);
  if (found) return found;
  let db: BillingDb;
  let offload: Offload | null = null;
  if (storage instanceof SqliteStorage) {
    const own = storage.file === ':memory:' ? null : openConnection(storage.file, { autoCheckpoint: storage.autoCheckpoint });
    db = new SqliteBillingDb(own ?? storage.connection, storage.settle);
    if (own) {
      // the reads of every customer run on a reader thread of their own (a file database only)
      const reader = billingReader(storage.file, BILLING_READ_TIMEOUT_MS);
      offload = reader.offload;
      const close = storage.close.bind(storage);
      storage.close = async () => {
        await reader.close();
        if (own.open) own.close();
        await close();
      };
    }
  } else if (storage instanceof PostgresStorage) {
    db = new PgBillingDb(storage, text);
  } else {
    throw new Error(`billing is not available on ${storage.kind} storage`);
  }
  found = { db, offload };
  dbs.set(storage, found);
  return found;
}

export function billingStore(storage: Storage, tenantId: string): BillingStore {
  if (typeof tenantId !== 'string' || tenantId === '') throw new Error('a tenant scope needs a tenant id');
  const { db, offload } = billingDb(storage);
  return new BillingStore(db, tenantId, offload);
}

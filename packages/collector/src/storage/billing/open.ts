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

const dbs = new WeakMap<Storage, BillingDb>();

function billingDb(storage: Storage): BillingDb {
  let db = dbs.get(storage);
  if (db) return db;
  if (storage instanceof SqliteStorage) {
    const own = storage.file === ':memory:' ? null : openConnection(storage.file);
    db = new SqliteBillingDb(own ?? storage.connection);
    if (own) {
      const close = storage.close.bind(storage);
      storage.close = async () => {
        if (own.open) own.close();
        await close();
      };
    }
  } else if (storage instanceof PostgresStorage) {
    db = new PgBillingDb(storage, text);
  } else {
    throw new Error(`billing is not available on ${storage.kind} storage`);
  }
  dbs.set(storage, db);
  return db;
}

export function billingStore(storage: Storage, tenantId: string): BillingStore {
  if (typeof tenantId !== 'string' || tenantId === '') throw new Error('a tenant scope needs a tenant id');
  return new BillingStore(billingDb(storage), tenantId);
}

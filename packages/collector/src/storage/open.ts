/** Opens the configured storage (and so applies pending migrations). */
import type { DbTarget } from '../config.js';
import { ConfigError } from '../config.js';
import { SqliteStorage } from './sqlite/sqlite-storage.js';
import type { Storage } from './types.js';

export async function openStorage(db: DbTarget): Promise<Storage> {
  if (db.kind === 'postgres') {
    throw new ConfigError('PostgreSQL storage is not available in this version yet; use an SQLite file path for --db');
  }
  return new SqliteStorage(db.file, { synchronous: process.env.LLMOBSERVE_SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL' });
}

export { buildApp, type AppOptions } from './server/app.js';
export { SqliteStorage } from './storage/sqlite/sqlite-storage.js';
export { PostgresStorage } from './storage/postgres/postgres-storage.js';
export { migratePostgres, type PgMigrateOptions } from './storage/postgres/migrate.js';
export type { Storage, TenantStore } from './storage/types.js';
export { TokenPricer } from './pricing/token-prices.js';
export { priceEvent } from './pricing/price-event.js';
export { normalizeEvent } from './ingest/normalize.js';

/**
 * The dashboard's API types, generated from the collector's /openapi.json (openapi-typescript) into
 * src/api/openapi.ts. Run `npm run gen:api --workspace=@llmobserve/dashboard` after `npm run build` whenever a
 * route's schema changes; test/api-types.test.ts fails while the committed file is stale.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../../collector/dist/server/app.js';
import { SqliteStorage } from '../../collector/dist/storage/sqlite/sqlite-storage.js';

export const API_TYPES_FILE = fileURLToPath(new URL('../src/api/openapi.ts', import.meta.url));

const HEADER = `/**
 * GENERATED from the collector's /openapi.json by \`npm run gen:api --workspace=@llmobserve/dashboard\`
 * (scripts/api-types.ts, openapi-typescript): do not edit. Aliases for the pages are in ./types.ts.
 */
`;

/** The collector's OpenAPI document, from a collector app built in-process on a throwaway SQLite file. */
export async function openApiDocument(): Promise<OpenAPI3> {
  const dir = mkdtempSync(join(tmpdir(), 'llmo-openapi-'));
  const storage = new SqliteStorage(join(dir, 'openapi.sqlite'));
  try {
    const app = await buildApp({ storage });
    try {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' });
      if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
      return res.json<OpenAPI3>();
    } finally {
      await app.close();
    }
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(await openApiDocument());
  return HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(API_TYPES_FILE, await generateApiTypes());
  console.log(`wrote ${API_TYPES_FILE}`);
}

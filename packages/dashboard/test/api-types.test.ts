/** src/api/openapi.ts is what openapi-typescript makes of the collector's /openapi.json today (else: npm run gen:api). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.js';

it('the generated API types are up to date with the collector\'s /openapi.json', async () => {
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  const fresh = await generateApiTypes();
  assert.ok(fresh.includes('"/insights"') && fresh.includes('TreeNode'), 'the generation produced the API');
  assert.ok(committed === fresh, 'src/api/openapi.ts is stale: run `npm run build && npm run gen:api --workspace=@llmobserve/dashboard`');
});

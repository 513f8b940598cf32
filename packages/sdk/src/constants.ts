/**
 * Constants of the wire contract. The limits and tenant id rules come from `@llmobserve/shared/limits`, a module
 * without TypeBox that is bundled into the SDK (only types are imported from the rest of the shared package).
 */
import { SDK_VERSION } from './version.js';

export { DEFAULT_TENANT_ID, LIMITS, TENANT_ID_PATTERN } from '@llmobserve/shared/limits';
import { TENANT_ID_PATTERN } from '@llmobserve/shared/limits';

export const SDK_NAME = 'llmobserve-js';
export { SDK_VERSION };
export const SDK_ID = `${SDK_NAME}/${SDK_VERSION}`;

export const DEFAULT_COLLECTOR_URL = 'http://localhost:8000';
export const TENANT_ID_RE = new RegExp(TENANT_ID_PATTERN);

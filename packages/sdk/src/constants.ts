/**
 * Constants of the wire contract, copied from `@llmobserve/shared` so that the SDK does not load TypeBox at run
 * time (only types are imported from there). `test/shared-contract.test.ts` asserts they stay equal.
 */
export const SDK_NAME = 'llmobserve-js';
export const SDK_VERSION = '0.1.0';
export const SDK_ID = `${SDK_NAME}/${SDK_VERSION}`;

export const DEFAULT_TENANT_ID = 'default_tenant';
export const DEFAULT_COLLECTOR_URL = 'http://localhost:8000';
export const TENANT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$';
export const TENANT_ID_RE = new RegExp(TENANT_ID_PATTERN);

/** The subset of `LIMITS` the SDK enforces before sending. */
export const LIMITS = {
  idLength: 128,
  tenantIdLength: 64,
  customerIdLength: 256,
  labelLength: 256,
  sectionPathLength: 1024,
  nameLength: 256,
  errorLength: 1000,
  metadataBytes: 8 * 1024,
} as const;

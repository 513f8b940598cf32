/**
 * The wire contract's limits and tenant id rules, without TypeBox: `event.ts` builds the schema from them, and the
 * SDK bundles this module alone (`@llmobserve/shared/limits`) to truncate and validate before sending.
 */
export const DEFAULT_TENANT_ID = 'default_tenant';

/** Letters, digits, `_ . : -`, starting with a letter or digit, at most 64 characters. */
export const TENANT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$';

/** Limits, exported so the SDK can truncate before sending and the docs can show them. */
export const LIMITS = {
  idLength: 128,
  tenantIdLength: 64,
  customerIdLength: 256,
  labelLength: 256,
  sectionPathLength: 1024,
  nameLength: 256,
  errorLength: 1000,
  metadataBytes: 8 * 1024,
  unitKeys: 32,
  maxTokens: 1e12,
  maxLatencyMs: 7 * 24 * 3600 * 1000,
  maxCostUsd: 1e7,
} as const;

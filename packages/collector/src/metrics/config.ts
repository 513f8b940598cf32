/** GET /metrics options from the environment (pure; throws ConfigError with a clear message). */
import { ConfigError } from '../config.js';

export interface MetricsConfig {
  /** LLMOBSERVE_METRICS (default on): serve GET /metrics and keep the counters. */
  enabled: boolean;
  /** LLMOBSERVE_METRICS_CUSTOMER_LABEL (default off): a `customer` label on the usage metrics. */
  customerLabel: boolean;
  /** LLMOBSERVE_METRICS_MAX_CUSTOMERS (100): customers kept as label values; the others count as `other`. */
  maxCustomers: number;
  /** LLMOBSERVE_METRICS_MAX_TENANTS (1000): tenants kept as label values; the others count as `other`. */
  maxTenants: number;
  /**
   * LLMOBSERVE_METRICS_MAX_SERIES (10000): distinct (tenant, provider, model[, customer]) combinations; a new one
   * past the cap counts as (tenant, other, other[, other]).
   */
  maxSeries: number;
  /**
   * LLMOBSERVE_METRICS_LISTEN (host:port): serve /metrics without credentials on this separate address (for a
   * scraper on a private network) instead of on the API's port.
   */
  listen: { host: string; port: number } | null;
}

export const DEFAULT_METRICS_CONFIG: MetricsConfig = {
  enabled: true, customerLabel: false, maxCustomers: 100, maxTenants: 1000, maxSeries: 10_000, listen: null,
};

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name}: "${env[name]}" must be true or false`);
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) throw new ConfigError(`${name}: "${raw}" must be a whole number from 1 to 9999999`);
  return Number(raw);
}

function listenAddress(raw: string | undefined): MetricsConfig['listen'] {
  const v = (raw ?? '').trim();
  if (v === '') return null;
  const m = /^(\[[0-9a-f:.]+\]|[^:\s]+):(\d{1,5})$/i.exec(v);
  if (!m || Number(m[2]) > 65535) throw new ConfigError(`LLMOBSERVE_METRICS_LISTEN: "${v}" must be host:port (e.g. 127.0.0.1:9464)`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export function resolveMetricsConfig(env: NodeJS.ProcessEnv): MetricsConfig {
  return {
    enabled: flag(env, 'LLMOBSERVE_METRICS', true),
    customerLabel: flag(env, 'LLMOBSERVE_METRICS_CUSTOMER_LABEL', false),
    maxCustomers: count(env, 'LLMOBSERVE_METRICS_MAX_CUSTOMERS', DEFAULT_METRICS_CONFIG.maxCustomers),
    maxTenants: count(env, 'LLMOBSERVE_METRICS_MAX_TENANTS', DEFAULT_METRICS_CONFIG.maxTenants),
    maxSeries: count(env, 'LLMOBSERVE_METRICS_MAX_SERIES', DEFAULT_METRICS_CONFIG.maxSeries),
    listen: listenAddress(env.LLMOBSERVE_METRICS_LISTEN),
  };
}

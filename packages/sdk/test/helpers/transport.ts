/** Shared by the transport tests: settings for a Transport under test, and the SDK's warnings captured. */
import { log } from '../../src/log.js';
import type { TransportSettings } from '../../src/transport/transport.js';

export function settings(over: Partial<TransportSettings> = {}): TransportSettings {
  return { flushIntervalMs: 10_000, maxBatchSize: 100, maxQueueSize: 10_000, apiKey: null, tenantApiKeys: new Map(), ...over };
}

export function captureWarnings(): { warnings: string[]; restore(): void } {
  const warnings: string[] = [];
  log.configure({ warn: (m) => warnings.push(m) }, false);
  return { warnings, restore: () => log.configure({ warn: () => {} }, false) };
}

/**
 * The SDK tests' view of a real collector: the one helper that starts collector processes for every package's tests
 * (packages/collector/test/helpers/collector.ts) plus a `get` for reading what it stored. Nothing here spawns.
 * (The SDK's end-to-end tests read stored events through the HTTP API only, so they could run on either storage;
 * they are tagged `@storage sqlite`: the PostgreSQL pass is the collector's.)
 */
import { collectorBuilt, collectorCli, CLI, freshDb as freshCollectorDb, request, startCollector, type RunningCollector } from '../../../collector/test/helpers/collector.js';

export { collectorBuilt, collectorCli };
export const COLLECTOR_CLI = CLI;

export interface CollectorProcess {
  url: string;
  proc: RunningCollector['proc'];
  get<T = any>(path: string, token?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** A fresh database for a collector (an SQLite file in the SQLite pass). */
export const freshDb = (): Promise<string> => freshCollectorDb();

export async function startCollectorProcess(opts: { db?: string; env?: Record<string, string> } = {}): Promise<CollectorProcess> {
  const c = await startCollector(opts);
  return {
    url: c.url,
    proc: c.proc,
    async get(path: string, token?: string) {
      const r = await request(c.url, path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: r.status, body: r.body };
    },
    async stop() {
      await c.stop();
    },
  };
}

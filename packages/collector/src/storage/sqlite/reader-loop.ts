/**
 * The message loop of a SQLite reader thread (the tenant reads' and billing's): answers `{id, tenant, method, args}`
 * with `{id, result}` (moving `transfer`'s buffers) or `{id, error, code}`, refuses a method not in `methods`,
 * answers `ping` (a caller starting the thread early), and on `{close: true}` closes the connection and the port.
 */
import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface ReadRequest<M extends string> {
  id: number;
  tenant: string;
  method: M;
  args: unknown[];
}

export function serveReads<M extends string>(
  db: Database.Database,
  methods: readonly M[],
  what: string,
  read: (m: ReadRequest<M>) => Promise<{ result: unknown; transfer?: ArrayBuffer[] }>,
): void {
  const port = parentPort!;
  port.on('message', async (m: ReadRequest<M> | { close: true }) => {
    if ('close' in m) {
      db.close();
      port.close();
      return;
    }
    if ((m.method as string) === 'ping') {
      port.postMessage({ id: m.id, result: null });
      return;
    }
    try {
      if (!methods.includes(m.method)) throw new Error(`not ${what}: ${String(m.method)}`);
      const { result, transfer } = await read(m);
      port.postMessage({ id: m.id, result }, transfer ?? []);
    } catch (err) {
      port.postMessage({ id: m.id, error: (err as Error).message, code: (err as { code?: unknown }).code });
    }
  });
}

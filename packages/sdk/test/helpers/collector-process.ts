/** Starts the real collector (the built CLI) on a free port with a fresh SQLite file, for end-to-end tests. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOf } from '@llmobserve/mock-providers';

export const COLLECTOR_CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../../collector/dist/cli/main.js');

export interface CollectorProcess {
  url: string;
  proc: ChildProcess;
  get<T = any>(path: string, token?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export function freshDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'llmo-sdk-e2e-')), 'collector.sqlite');
}

/** Runs a collector CLI command (tenants, keys...) against `db`; returns its stdout. */
export async function collectorCli(db: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [COLLECTOR_CLI, ...args, '--db', db], { timeout: 30_000 });
  return stdout;
}

export function collectorBuilt(): boolean {
  return existsSync(COLLECTOR_CLI);
}

export async function startCollectorProcess(opts: { db?: string; env?: Record<string, string> } = {}): Promise<CollectorProcess> {
  const db = opts.db ?? freshDb();
  const proc = spawn(process.execPath, [COLLECTOR_CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`collector did not start within 30 s:\n${out}\n${err}`)), 30_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      rej(new Error(`collector exited with ${code}:\n${out}\n${err}`));
    };
    proc.once('exit', onExit);
    proc.stdout!.on('data', () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.off('exit', onExit);
        res(m[1]!);
      }
    });
  });
  return {
    url,
    proc,
    async get(path: string, token?: string) {
      const r = await fetch(url + path, { signal: AbortSignal.timeout(30_000), ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
      return { status: r.status, body: (await r.json()) as any };
    },
    async stop() {
      if (proc.exitCode === null && !proc.killed) proc.kill('SIGTERM');
      await exitOf(proc, 15_000, `collector ${url} stopping after SIGTERM`);
    },
  };
}

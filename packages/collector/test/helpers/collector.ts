/**
 * THE way every package's tests start a real collector process (the built CLI) on a free port with a fresh
 * database: the collector's own tests, the SDK's end-to-end tests (through sdk/test/helpers/collector-process.ts,
 * a thin adapter) and the dashboard's. Nothing else spawns `llmobserve serve` in tests.
 *
 * The storage comes from LLMOBSERVE_TEST_STORAGE: `sqlite` (default: a fresh SQLite file) or `postgres` (a fresh
 * database on the test server, migrated by `llmobserve migrate` and served as the app role; see helpers/postgres.ts).
 * Which test files run in the PostgreSQL pass of `npm test` is said by a tag line at the top of each file
 * (`// @storage sqlite,postgres`), read by scripts/pg-tests.ts; a file that starts a collector without a tag fails
 * that script's check (docs/architecture.md, "Tests").
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { exitOf } from '@llmobserve/mock-providers';
import { freshPostgresDb } from './postgres.js';
import { scratchDir } from './scratch.js';

export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli/main.js');

/** Whether the CLI is built (`npm run build`); tests of other packages skip instead of failing without it. */
export function collectorBuilt(): boolean {
  return existsSync(CLI);
}

/** Runs a collector CLI command (tenants, keys, migrate...) against `db`; returns its stdout. */
export async function collectorCli(db: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args, '--db', db], { timeout: 30_000 });
  return stdout;
}

function storageUnderTest(): 'sqlite' | 'postgres' {
  const v = process.env.LLMOBSERVE_TEST_STORAGE ?? 'sqlite';
  if (v !== 'sqlite' && v !== 'postgres') throw new Error(`LLMOBSERVE_TEST_STORAGE: "${v}" must be sqlite or postgres`);
  return v;
}

/** The storage the integration tests run on (what /ready reports). */
export const STORAGE = storageUnderTest();

/** Why a test that needs one storage does not run on the other (for node:test's `skip`), or false. */
export const only = (storage: 'sqlite' | 'postgres'): string | false =>
  STORAGE === storage ? false : `${storage} only: runs in the ${storage} pass (LLMOBSERVE_TEST_STORAGE=${storage})`;

/** A fresh, empty, migrated database for a collector: an SQLite file path, or a PostgreSQL app-role URL. */
export async function freshDb(name = 'collector.sqlite'): Promise<string> {
  return STORAGE === 'postgres' ? freshPostgresDb(name.replace(/\.sqlite$/, '')) : join(tempDir(), name);
}

export interface RunningCollector {
  url: string;
  db: string;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDir(prefix = 'llmo-test-'): string {
  return scratchDir(prefix);
}

/**
 * `wrap`: a command line the collector runs under (e.g. `ip netns exec NS`); it must exec the collector.
 * `port`: a fixed port (a test that restarts "the same" collector); default a free one.
 */
export async function startCollector(
  // cli: another tree's built CLI (side-by-side benchmarks); this tree's by default
  opts: { db?: string; args?: string[]; env?: Record<string, string>; wrap?: string[]; port?: number; cli?: string } = {},
): Promise<RunningCollector> {
  const db = opts.db ?? (await freshDb());
  const [command, ...prefix] = [...(opts.wrap ?? []), process.execPath];
  const nodeOptions = (process.env.COLLECTOR_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const proc = spawn(command!, [...prefix, ...nodeOptions, opts.cli ?? CLI, 'serve', '--host', '127.0.0.1', '--port', String(opts.port ?? 0), '--db', db, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start in 30 s:\n${out}\n${err}`)), 30_000);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    url, db, proc,
    stdout: () => out,
    stderr: () => err,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      // A second SIGTERM means "exit now" to the collector: only signal a process not already signalled.
      if (proc.exitCode === null && !proc.killed) proc.kill(signal);
      return exitOf(proc, 15_000, `collector ${url} stopping after ${signal}`);
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function request<T = any>(base: string, path: string, init: RequestInit & { json?: unknown; gzip?: boolean } = {}): Promise<Reply<T>> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    const text = JSON.stringify(init.json);
    headers.set('content-type', headers.get('content-type') ?? 'application/json');
    if (init.gzip) {
      headers.set('content-encoding', 'gzip');
      body = gzipSync(text);
    } else body = text;
  }
  const what = `${init.method ?? 'GET'} ${base}${path}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(base + path, { ...init, headers, body, signal: init.signal ?? AbortSignal.timeout(30_000) });
    text = await res.text();
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') throw new Error(`${what}: no complete response within 30 s`);
    throw err;
  }
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export const post = <T = any>(base: string, events: unknown, extra: RequestInit & { gzip?: boolean } = {}) =>
  request<T>(base, '/events', { method: 'POST', json: events, ...extra });

let seq = 0;
/** A valid llm event with sensible defaults; override any field. */
export function ev(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    span_id: `span-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    span_type: 'llm',
    provider: 'openai',
    endpoint: 'chat.completions',
    model: 'gpt-4o-mini',
    input_tokens: 1000,
    output_tokens: 100,
    started_at: '2026-01-15T10:30:00.000Z',
    latency_ms: 120,
    status: 'ok',
    sdk: 'test/0',
    ...overrides,
  };
}

/** Cost of gpt-4o-mini usage by hand from OpenAI's published prices ($/M: input 0.15, cached input 0.075, output 0.60). */
export function gpt4oMiniCost(input: number, output: number, cached = 0): number {
  return ((input - cached) * 0.15 + cached * 0.075 + output * 0.6) / 1e6;
}

export function close(a: number, b: number, eps = 1e-12): boolean {
  return Math.abs(a - b) <= eps;
}

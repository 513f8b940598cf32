/** Commands run as a user would type them, each with a deadline; a scratch copy of the working tree. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOf } from '@llmobserve/mock-providers';
import { scratchDir } from '../../packages/collector/test/helpers/scratch.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion within `timeoutMs`; throws with its output if it fails (unless `allowFail`). */
export async function run(
  command: string, args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number; allowFail?: boolean; input?: string } = {},
): Promise<Ran> {
  const what = `${command} ${args.join(' ')}`;
  const proc = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdin!.end(opts.input ?? '');
  const code = await Promise.race([
    exitOf(proc, opts.timeoutMs ?? 60_000, what),
    new Promise<never>((_, reject) => proc.once('error', (err) => reject(new Error(`${what}: ${err.message}`)))),
  ]);
  if (code !== 0 && !opts.allowFail) throw new Error(`${what} exited with ${code}\n--- stdout\n${stdout.slice(-4000)}\n--- stderr\n${stderr.slice(-4000)}`);
  return { code, stdout, stderr };
}

/**
 * A long-running command in its own process group (as a shell runs it); resolves once its output matches `ready`
 * (within `timeoutMs`). `stop()` signals the whole group, as Ctrl-C in a terminal does (npm does not forward signals), and waits
 * for the command to end (npm/npx themselves then end by the signal, without an exit code).
 */
export async function startUntil(
  command: string, args: string[], ready: RegExp,
  opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<{ proc: ChildProcess; match: RegExpExecArray; output: () => string; stop(signal: NodeJS.Signals, what: string): Promise<number | null> }> {
  const proc = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const match = await new Promise<RegExpExecArray>((res, rej) => {
    const ms = opts.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      group('SIGKILL');
      rej(new Error(`${command} ${args.join(' ')}: no ${ready} on its output within ${ms} ms:\n${out}`));
    }, ms);
    proc.stdout!.on('data', () => {
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
  return {
    proc, match, output: () => out,
    async stop(signal, what) {
      group(signal);
      try {
        return await exitOf(proc, 20_000, what);
      } finally {
        group('SIGKILL'); // whatever the command left behind
      }
    },
  };
}

/** The working tree as a fresh clone has it: tracked and new (not ignored) files, no node_modules, no dist. */
export function scratchCopy(prefix: string): string {
  const dir = scratchDir(prefix);
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8', timeout: 30_000 })
    .stdout.split('\0').filter((f) => f && existsSync(join(REPO, f)));
  const r = spawnSync('bash', ['-c', `tar --null -T - -cf - | tar -C "${dir}" -xf -`], { cwd: REPO, input: files.join('\0'), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || files.length === 0) throw new Error(`copying the working tree failed: ${r.stderr}`);
  return dir;
}

/** Polls `check` until it returns true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

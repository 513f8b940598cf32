/**
 * Deadlines for tests: every await on a process, socket or browser is bounded and, when it runs out, says what it
 * waited for (a guard against hangs, never a timing assertion).
 */
import type { ChildProcess } from 'node:child_process';

/** Rejects with "<what>: not done within <ms> ms" if `p` does not settle in time. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
    }),
  ]);
}

/** The exit code of `proc` (null if a signal ended it); past the deadline it is SIGKILLed and this rejects. */
export function exitOf(proc: ChildProcess, ms: number, what: string): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${what}: process ${proc.pid} did not exit within ${ms} ms (killed)`));
    }, ms);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

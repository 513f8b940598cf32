/** Flushes waiting for their events to settle: each waiter re-checks its condition whenever the transport notifies. */
export class SettleWaiters {
  private waiters: Array<() => void> = [];

  notify(): void {
    for (const w of this.waiters.slice()) w();
  }

  /** Resolves `verdict()` once `settled()` holds (checked at each notify), or when `timeoutMs` passed. Never rejects. */
  wait(settled: () => boolean, verdict: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(t);
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
        resolve(ok);
      };
      const waiter = () => {
        if (settled()) finish(verdict());
      };
      const t = setTimeout(() => finish(verdict()), timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

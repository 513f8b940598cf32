/** In-memory limiters (per collector process), with an injectable clock for tests. Memory is bounded. */

const MAX_ENTRIES = 50_000;

function evictOldest<V>(map: Map<string, V>): void {
  // Maps iterate in insertion order: drop the oldest tenth.
  let n = Math.ceil(map.size / 10);
  for (const k of map.keys()) {
    if (n-- <= 0) break;
    map.delete(k);
  }
}

/** Token bucket per identity: `rate` requests per second sustained, bursts up to `burst`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly rate: number, private readonly burst: number, private readonly now: () => number = Date.now) {}

  /** 0 when allowed (and a token is taken), else the seconds to wait before a token is available. */
  take(id: string): number {
    const t = this.now();
    let b = this.buckets.get(id);
    if (!b) {
      if (this.buckets.size >= MAX_ENTRIES) evictOldest(this.buckets);
      b = { tokens: this.burst, at: t };
      this.buckets.set(id, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.rate));
  }
}

/** Failed authentication per client address: after `max` failures within `windowMs`, refuse until the window ends. */
export class FailureThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();
  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Seconds the address must wait, or 0. */
  blockedFor(address: string): number {
    const f = this.failures.get(address);
    if (!f) return 0;
    const left = f.since + this.windowMs - this.now();
    if (left <= 0) {
      this.failures.delete(address);
      return 0;
    }
    return f.count >= this.max ? Math.ceil(left / 1000) : 0;
  }

  fail(address: string): void {
    const t = this.now();
    let f = this.failures.get(address);
    if (!f || f.since + this.windowMs <= t) {
      if (this.failures.size >= MAX_ENTRIES) evictOldest(this.failures);
      f = { count: 0, since: t };
      this.failures.set(address, f);
    }
    f.count += 1;
  }
}

/**
 * Provider registry: origin (scheme://host:port) -> adapter. The interceptor asks it about every outgoing request,
 * so `lookup` is a Map hit or miss; unknown origins (and the collector) are never tracked.
 */
import { openai } from './openai.js';
import type { ProviderAdapter } from './types.js';

const ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map([[openai.name, openai]]);

export function isKnownProvider(name: string): boolean {
  return ADAPTERS.has(name);
}

export function knownProviderNames(): string[] {
  return [...ADAPTERS.keys()];
}

export function getAdapter(name: string): ProviderAdapter | undefined {
  return ADAPTERS.get(name);
}

/** Normalises what undici gives as `origin` (a string, possibly with a path or trailing slash, or a URL). */
export function originOf(origin: unknown): string | null {
  if (typeof origin === 'string') {
    try {
      return new URL(origin).origin;
    } catch {
      return null;
    }
  }
  if (origin instanceof URL) return origin.origin;
  return null;
}

export class ProviderRegistry {
  private readonly byOrigin = new Map<string, ProviderAdapter>();
  /** Raw `origin` values already normalised, hit or miss (bounded). */
  private readonly cache = new Map<string, ProviderAdapter | null>();

  /** `extra`: origin -> provider name (validated by config); `excluded`: origins never tracked (the collector). */
  constructor(extra: ReadonlyMap<string, string> = new Map(), excluded: ReadonlySet<string> = new Set()) {
    for (const a of ADAPTERS.values()) for (const o of a.origins) this.byOrigin.set(o, a);
    for (const [o, name] of extra) {
      const a = ADAPTERS.get(name);
      if (a) this.byOrigin.set(o, a);
    }
    for (const o of excluded) this.byOrigin.delete(o);
  }

  lookup(origin: unknown): ProviderAdapter | undefined {
    if (typeof origin === 'string') {
      const direct = this.byOrigin.get(origin);
      if (direct) return direct;
      const cached = this.cache.get(origin);
      if (cached !== undefined) return cached ?? undefined;
      const norm = originOf(origin);
      const found = norm === null ? null : (this.byOrigin.get(norm) ?? null);
      if (this.cache.size >= 1000) this.cache.clear();
      this.cache.set(origin, found);
      return found ?? undefined;
    }
    const norm = originOf(origin);
    return norm === null ? undefined : this.byOrigin.get(norm);
  }
}

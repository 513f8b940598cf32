/**
 * Provider registry: origin (scheme://host:port) -> adapter. The interceptor asks it about every outgoing request,
 * so `lookup` is a Map hit or miss; unknown origins (and the collector) are never tracked.
 */
import { anthropic } from './anthropic.js';
import { cohere } from './cohere.js';
import { COMPATIBLE } from './compatible.js';
import { gemini } from './gemini.js';
import { mistral } from './mistral.js';
import { openai } from './openai.js';
import { pinecone } from './pinecone.js';
import type { ProviderAdapter } from './types.js';
import { voyage } from './voyage.js';

const ALL: readonly ProviderAdapter[] = [openai, anthropic, gemini, ...COMPATIBLE, pinecone, mistral, cohere, voyage];

const ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map(ALL.map((a) => [a.name, a]));

/** Every registered adapter, in registry order (docs/providers.md is generated from it). */
export function allAdapters(): readonly ProviderAdapter[] {
  return ALL;
}

export function isKnownProvider(name: string): boolean {
  return ADAPTERS.has(name);
}

export function knownProviderNames(): string[] {
  return [...ADAPTERS.keys()];
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

/** `https://<anything><suffix>` (default port) -> the adapter with that host suffix (e.g. Azure resources). */
function bySuffix(origin: string, excluded: ReadonlySet<string>): ProviderAdapter | null {
  if (!origin.startsWith('https://') || excluded.has(origin)) return null;
  const host = origin.slice(8);
  if (host.includes(':')) return null;
  for (const a of ALL) {
    for (const suffix of a.hostSuffixes ?? []) if (host.endsWith(suffix) && host.length > suffix.length) return a;
  }
  return null;
}

/**
 * Paths that are a known provider's API whatever the host (a gateway, a proxy, a self-hosted compatible server),
 * with the adapter whose wire format they have. Deliberately narrow: versioned paths of billable endpoints only.
 */
const DETECT: ReadonlyArray<readonly [RegExp, ProviderAdapter]> = [
  [/\/v1\/(?:chat\/completions|completions|embeddings|responses)\/?(?:\?|$)/, openai],
  [/\/v1\/messages\/?(?:\?|$)/, anthropic],
  [/\/v1(?:beta|alpha)?\/models\/[^/?]+:(?:generateContent|streamGenerateContent|embedContent|batchEmbedContents|countTokens)(?:\?|$)/, gemini],
];

/** The adapter whose API `path` looks like (unknown hosts), or null. */
export function detectByPath(method: string, path: string): ProviderAdapter | null {
  if (method !== 'POST') return null;
  for (const [re, adapter] of DETECT) if (re.test(path)) return adapter;
  return null;
}

export class ProviderRegistry {
  private readonly byOrigin = new Map<string, ProviderAdapter>();
  private readonly excluded: ReadonlySet<string>;
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
    this.excluded = excluded;
  }

  /** Never tracked (the collector). */
  excludes(origin: string): boolean {
    return this.excluded.has(origin);
  }

  private find(norm: string): ProviderAdapter | null {
    return this.byOrigin.get(norm) ?? bySuffix(norm, this.excluded);
  }

  lookup(origin: unknown): ProviderAdapter | undefined {
    if (typeof origin === 'string') {
      const direct = this.byOrigin.get(origin);
      if (direct) return direct;
      const cached = this.cache.get(origin);
      if (cached !== undefined) return cached ?? undefined;
      const norm = originOf(origin);
      const found = norm === null ? null : this.find(norm);
      if (this.cache.size >= 1000) this.cache.clear();
      this.cache.set(origin, found);
      return found ?? undefined;
    }
    const norm = originOf(origin);
    return norm === null ? undefined : (this.find(norm) ?? undefined);
  }
}

/** Small pure helpers shared by the provider adapters. */
import type { CanonicalUsage } from '@llmobserve/shared';
import type { EndpointMatch } from './types.js';
// the usage rules alone (no TypeBox): bundled into the SDK
import { positiveTokenDetails, type TokenDetails } from '@llmobserve/shared/usage';

export { positiveTokenDetails };

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A count as a non-negative integer; anything else is 0. */
export function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0;
}

/** A non-negative finite number (units may be fractional); anything else is 0. */
export function amount(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

export function hasNumber(o: Obj, key: string): boolean {
  return typeof o[key] === 'number' && Number.isFinite(o[key] as number);
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** The path without its query string and trailing slash. */
export function cleanPath(path: string): string {
  const q = path.indexOf('?');
  let p = q === -1 ? path : path.slice(0, q);
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** The endpoint matcher of an API whose tracked calls are POSTs to fixed paths (query string and trailing slash ignored). */
export function postPathMatcher(paths: Readonly<Record<string, EndpointMatch>>): (method: string, path: string) => EndpointMatch | null {
  return (method, path) => (method === 'POST' ? (paths[cleanPath(path)] ?? null) : null);
}

export function zeroUsage(): CanonicalUsage {
  return { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 };
}

/** Units with only the positive amounts kept; null when none is left. */
export function positiveUnits(units: Record<string, number>): Record<string, number> | null {
  let out: Record<string, number> | null = null;
  for (const [k, v] of Object.entries(units)) {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) (out ??= {})[k] = v;
  }
  return out;
}

/**
 * Keeps a provider's modality details within the convention even when its counts disagree: input parts never
 * exceed input_tokens, output parts output_tokens, cached audio neither cache reads nor audio input.
 */
export function clampDetails(u: CanonicalUsage, d: TokenDetails): TokenDetails | null {
  const out: TokenDetails = {};
  let inputLeft = u.input_tokens;
  for (const k of ['input_audio_tokens', 'input_image_tokens', 'input_video_tokens'] as const) {
    const v = Math.min(d[k] ?? 0, inputLeft);
    if (v > 0) out[k] = v;
    inputLeft -= v;
  }
  const audioRead = Math.min(d.cache_audio_read_tokens ?? 0, u.cache_read_tokens, out.input_audio_tokens ?? 0);
  if (audioRead > 0) out.cache_audio_read_tokens = audioRead;
  let outputLeft = u.output_tokens;
  for (const k of ['output_audio_tokens', 'output_image_tokens'] as const) {
    const v = Math.min(d[k] ?? 0, outputLeft);
    if (v > 0) out[k] = v;
    outputLeft -= v;
  }
  return positiveTokenDetails(out) ?? null;
}

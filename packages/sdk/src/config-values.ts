/**
 * Reading and checking one `observe()` option or environment variable: each failure is an `LLMObserveConfigError`
 * naming the option, thrown when `observe()` is called.
 */
import { TENANT_ID_PATTERN, TENANT_ID_RE } from './constants.js';

export class LLMObserveConfigError extends TypeError {
  constructor(message: string) {
    super(`llmobserve: ${message}`);
    this.name = 'LLMObserveConfigError';
  }
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

export type Env = Record<string, string | undefined>;

export function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

export function envBool(env: Env, name: string): boolean | undefined {
  const v = envValue(env, name);
  if (v === undefined) return undefined;
  const l = v.toLowerCase();
  if (TRUE_WORDS.has(l)) return true;
  if (FALSE_WORDS.has(l)) return false;
  throw new LLMObserveConfigError(`${name}=${JSON.stringify(v)} is not a boolean; use 1/true/yes or 0/false/no`);
}

/** The option `name` was probably meant to be (same letters in another case, or at most two edits away), or null. */
export function closest(name: string, names: readonly string[]): string | null {
  const lower = name.toLowerCase();
  for (const n of names) {
    if (n.toLowerCase() === lower) return n;
  }
  // one edit away (typo) or a common prefix
  for (const n of names) {
    if (editDistanceAtMostTwo(n.toLowerCase(), lower)) return n;
  }
  return null;
}

function editDistanceAtMostTwo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  const dp: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]! <= 2;
}

export function str(name: string, v: unknown, maxLength: number): string {
  if (typeof v !== 'string' || v.trim() === '') throw new LLMObserveConfigError(`${name} must be a non-empty string`);
  if (v.length > maxLength) throw new LLMObserveConfigError(`${name} is longer than ${maxLength} characters`);
  return v;
}

export function int(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new LLMObserveConfigError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})`);
  }
  return v;
}

export function validateTenantId(name: string, v: unknown): string {
  if (typeof v !== 'string' || !TENANT_ID_RE.test(v)) {
    throw new LLMObserveConfigError(
      `${name} ${JSON.stringify(v)} is not a valid tenant id (letters, digits, _ . : -, at most 64, pattern ${TENANT_ID_PATTERN})`,
    );
  }
  return v;
}

export function parseOrigin(name: string, v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new LLMObserveConfigError(`${name} ${JSON.stringify(v)} is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new LLMObserveConfigError(`${name} ${JSON.stringify(v)} must use http or https`);
  }
  return u.origin;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

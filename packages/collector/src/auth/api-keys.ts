/**
 * API keys: `llmo_sk_` + 32 base62 characters (≈190 random bits). Only the SHA-256 hash is stored and looked up:
 * with that much entropy a fast hash is safe, and it keeps authentication off the slow-hash path.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export const KEY_PREFIX = 'llmo_sk_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 32;
const KEY_RE = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${BODY_LENGTH}}$`);
/** Characters shown to people to recognise a key: the prefix and 4 more. */
export const DISPLAY_LENGTH = KEY_PREFIX.length + 4;

export interface GeneratedKey {
  key: string;
  id: string;
  hash: string;
  prefix: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(token: string): boolean {
  return KEY_RE.test(token);
}

export function generateApiKey(): GeneratedKey {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  const key = KEY_PREFIX + body;
  return { key, id: `key_${randomBytes(8).toString('hex')}`, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_LENGTH) };
}

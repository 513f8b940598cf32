/**
 * Webhook signing secrets (`whsec_` + base64 of 24 random bytes, the Standard Webhooks form). The collector must
 * sign with the secret, so it keeps it (a hash would not do): shown once at creation, never returned again, never
 * logged. At rest it is encrypted with AES-256-GCM when LLMOBSERVE_SECRET_KEY is set (32 bytes, base64 or hex; the
 * stored form is `enc1:` iv.tag.ciphertext), and stored as is (`plain:`) otherwise — the database's own access
 * control then protects it, like the provider keys a deployment keeps in its environment.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function keyFrom(env: NodeJS.ProcessEnv): Buffer | null {
  const v = env.LLMOBSERVE_SECRET_KEY;
  if (!v) return null;
  const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (key.length !== 32) throw new Error('LLMOBSERVE_SECRET_KEY must be 32 bytes (64 hex digits or base64)');
  return key;
}

export function sealSecret(secret: string, env: NodeJS.ProcessEnv = process.env): string {
  const key = keyFrom(env);
  if (!key) return `plain:${secret}`;
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return `enc1:${iv.toString('base64')}.${c.getAuthTag().toString('base64')}.${data.toString('base64')}`;
}

export function openSecret(stored: string, env: NodeJS.ProcessEnv = process.env): string {
  if (stored.startsWith('plain:')) return stored.slice(6);
  const key = keyFrom(env);
  if (!key) throw new Error('a webhook secret is encrypted but LLMOBSERVE_SECRET_KEY is not set');
  const [iv, tag, data] = stored.slice(5).split('.');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
  d.setAuthTag(Buffer.from(tag!, 'base64'));
  return Buffer.concat([d.update(Buffer.from(data!, 'base64')), d.final()]).toString('utf8');
}

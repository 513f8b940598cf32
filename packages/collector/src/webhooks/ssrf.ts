/**
 * Where a webhook may go: http or https only; in required-auth mode, never to an address that resolves to loopback,
 * private, link-local, unique-local, CGNAT or cloud-metadata ranges (unless LLMOBSERVE_WEBHOOK_ALLOW_PRIVATE=1). In
 * open mode (a solo developer on loopback) private addresses are allowed: the receiver is usually on localhost.
 * Checked when an endpoint is registered and again before every delivery (DNS may change meanwhile).
 */
import { lookup } from 'node:dns/promises';
import { lookup as lookupCallback, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
// (IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry: a ::ffff:0:0/96 rule in a BlockList would
// match every IPv4 address)
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface UrlPolicy {
  allowPrivate: boolean;
}

export function urlPolicy(authMode: 'open' | 'required', env: NodeJS.ProcessEnv = process.env): UrlPolicy {
  return { allowPrivate: authMode === 'open' || env.LLMOBSERVE_WEBHOOK_ALLOW_PRIVATE === '1' };
}

/** Why this URL may not receive webhooks, or null. */
export async function urlRefusal(raw: string, policy: UrlPolicy): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https URLs receive webhooks, not ${url.protocol}`;
  if (url.username || url.password) return 'a webhook URL may not carry credentials';
  if (policy.allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (err) {
    return `${host} does not resolve (${(err as Error).message})`;
  }
  const bad = addresses.find(isPrivateAddress);
  return bad === undefined ? null : `${host} resolves to ${bad}, a private, loopback, link-local or metadata address (set LLMOBSERVE_WEBHOOK_ALLOW_PRIVATE=1 to allow)`;
}

/**
 * The DNS lookup a delivery connects with: the addresses are checked when the socket connects, so a name that
 * resolved to a public address when checked cannot resolve to a private one for the connection (DNS rebinding).
 */
export function guardedLookup(policy: UrlPolicy): LookupFunction | undefined {
  if (policy.allowPrivate) return undefined;
  return ((hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    lookupCallback(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(Object.assign(new Error(`${hostname} resolves to ${bad.address}, a private, loopback, link-local or metadata address`), { code: 'EPRIVATE' }), []);
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  }) as LookupFunction;
}

/**
 * A non-loopback address on this machine, made only of our own network namespace: a veth pair between the host and
 * a namespace `llmo-lan-<pid>` that holds the other end, on a /30 of the documentation ranges (TEST-NET-2, -3, -1:
 * never routed) that overlaps nothing this machine routes. A collector run with `wrap: lan.exec` listens inside the
 * namespace; a browser on the host reaches it at http://<lan.address>:port,
 * an address that is neither loopback nor "potentially trustworthy" to Chromium, as on a LAN.
 */
import { spawnSync } from 'node:child_process';

export interface Lan {
  /** the collector's address, as a user on the LAN types it */
  address: string;
  /** prefix for a command to run inside the namespace */
  exec: string[];
  close(): void;
}

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr || r.error}`);
}

/** Why the LAN tests cannot run here (for node:test's `skip`), or false. */
export function lanUnavailable(): string | false {
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace (ip netns); .ci/run runs as root';
  const r = spawnSync('ip', ['netns', 'list'], { timeout: 10_000 });
  return r.status === 0 ? false : 'the ip command (iproute2) with netns support is missing';
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** An IPv4 prefix as [first, last] addresses (32-bit integers). */
function range(cidr: string): [number, number] {
  const [addr, bits = '32'] = cidr.split('/');
  const base = addr!.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  const first = base - (base % size);
  return [first, first + size - 1];
}

/** Removes the namespaces of runs killed before they could (their veth pairs go with them). */
function removeStaleNamespaces(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  for (const m of list.matchAll(/^llmo-lan-(\d+)/gm)) {
    if (!alive(Number(m[1]))) spawnSync('ip', ['netns', 'del', m[0]], { timeout: 10_000 });
  }
}

/**
 * The prefixes this machine routes or holds (every routing table: addresses, subnets, gateways). Our /30 must overlap
 * none of them: a machine whose own network is TEST-NET-1 (eth0 192.0.2.2/24, gateway 192.0.2.1) turned our address
 * into its own, and the browser reached the host, not the namespace (ECONNREFUSED).
 */
function prefixesInUse(): [number, number][] {
  const routes = spawnSync('ip', ['-4', '-o', 'route', 'show', 'table', 'all'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  const addrs = spawnSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  const prefixes = [...`${routes}\n${addrs}`.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?)/g)].map((m) => m[1]!);
  return prefixes.filter((p) => p !== '0.0.0.0' && !p.startsWith('0.0.0.0/')).map(range);
}

/** A /30 of the documentation ranges (never routed), starting at one chosen by the pid, free on this machine: its two hosts. */
function freeSubnet(): [string, string] {
  const used = prefixesInUse();
  const candidates = ['198.51.100', '203.0.113', '192.0.2'].flatMap((net) => Array.from({ length: 64 }, (_, i) => [net, 4 * i] as const));
  for (let i = 0; i < candidates.length; i++) {
    const [net, n] = candidates[(process.pid + i) % candidates.length]!;
    const [first, last] = range(`${net}.${n}/30`);
    if (!used.some(([a, b]) => a <= last && first <= b)) return [`${net}.${n + 1}`, `${net}.${n + 2}`];
  }
  throw new Error('no free /30 in 198.51.100.0/24, 203.0.113.0/24 or 192.0.2.0/24 on this machine');
}

export function createLan(): Lan {
  const ns = `llmo-lan-${process.pid}`;
  const [hostSide, nsSide] = [`llmoh${process.pid}`.slice(0, 15), `llmon${process.pid}`.slice(0, 15)];
  const close = () => void spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 }); // removes the veth pair too
  close();
  removeStaleNamespaces();
  const [hostIp, nsIp] = freeSubnet();
  try {
    ip('netns', 'add', ns);
    ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide);
    ip('link', 'set', nsSide, 'netns', ns);
    ip('addr', 'add', `${hostIp}/30`, 'dev', hostSide);
    ip('link', 'set', hostSide, 'up');
    ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsSide);
    ip('netns', 'exec', ns, 'ip', 'link', 'set', nsSide, 'up');
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    close();
    throw err;
  }
  process.once('exit', close);
  return { address: nsIp, exec: ['ip', 'netns', 'exec', ns], close };
}

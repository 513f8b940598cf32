/**
 * A non-loopback address on this machine, made only of our own network namespace: a veth pair between the host
 * (192.0.2.x, TEST-NET-1, never routed) and a namespace `llmo-lan-<pid>` that holds the other end. A collector run
 * with `wrap: lan.exec` listens inside the namespace; a browser on the host reaches it at http://<lan.address>:port,
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

export function createLan(): Lan {
  const n = process.pid % 60;
  const ns = `llmo-lan-${process.pid}`;
  const [hostSide, nsSide] = [`llmoh${process.pid}`.slice(0, 15), `llmon${process.pid}`.slice(0, 15)];
  const [hostIp, nsIp] = [`192.0.2.${4 * n + 1}`, `192.0.2.${4 * n + 2}`];
  const close = () => void spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 }); // removes the veth pair too
  close();
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

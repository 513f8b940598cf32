/** The benchmarks' servers, each in its own process: the mock providers and the sink (bench/sink.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const mockCli = resolve(here, '../../mock-providers/src/cli.ts');

export function startServer(args: string[], pattern: RegExp): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) res({ url: m[1]!, proc });
    });
    proc.once('exit', (code) => rej(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/** The mock OpenAI server and the sink; `stop()` ends both (the sink prints what it received). */
export async function startMockAndSink(): Promise<{ mockUrl: string; sinkUrl: string; stop(): Promise<void> }> {
  const mock = await startServer([mockCli, '--no-record'], /listening on (http:\/\/\S+)/);
  const sink = await startServer([join(here, 'sink.ts')], /listening on (http:\/\/\S+)/);
  return {
    mockUrl: mock.url,
    sinkUrl: sink.url,
    stop: async () => {
      mock.proc.kill('SIGTERM');
      await new Promise<void>((r) => {
        sink.proc.once('exit', () => r());
        sink.proc.kill('SIGTERM');
      });
    },
  };
}

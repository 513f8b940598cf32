/**
 * POSTs one batch to the collector with node:http/https and an agent of our own. It does not go through
 * undici/fetch, so the SDK's own traffic is never intercepted (no recursion), whatever the global dispatcher is.
 */
import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { SDK_ID } from '../constants.js';

const gzip = promisify(zlib.gzip);

/** Bodies at least this large are sent gzip-compressed. */
export const GZIP_MIN_BYTES = 16 * 1024;
/** The whole request (connect, send, answer) must be done within this; else it fails and is retried. */
export const REQUEST_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface SendResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Sender {
  /** where it sends, for messages (e.g. `http://localhost:8000/events`) */
  readonly target: string;
  send(body: string, apiKey: string | null, extraHeaders: Record<string, string>): Promise<SendResponse>;
  close(): void;
}

export class HttpSender implements Sender {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;
  readonly target: string;

  constructor(collectorUrl: string) {
    this.url = new URL(collectorUrl.replace(/\/+$/, '') + '/events');
    this.target = `POST ${this.url.origin}${this.url.pathname}`;
    const isHttps = this.url.protocol === 'https:';
    this.mod = isHttps ? https : http;
    this.agent = isHttps ? new https.Agent({ keepAlive: true, maxSockets: 2 }) : new http.Agent({ keepAlive: true, maxSockets: 2 });
  }

  async send(json: string, apiKey: string | null, extraHeaders: Record<string, string>): Promise<SendResponse> {
    let body: Buffer = Buffer.from(json, 'utf8');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': SDK_ID,
      ...extraHeaders,
    };
    if (body.length >= GZIP_MIN_BYTES) {
      // fastest level: JSON events still shrink ~8x, at a fraction of the default level's CPU
      body = await gzip(body, { level: 1 });
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    return new Promise<SendResponse>((resolveP, rejectP) => {
      // one deadline for connect + send + answer (a socket idle timeout alone never fires while bytes trickle)
      const deadline = setTimeout(
        () => req.destroy(new Error(`the collector did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
        REQUEST_TIMEOUT_MS,
      );
      deadline.unref();
      const resolve = (r: SendResponse) => {
        clearTimeout(deadline);
        resolveP(r);
      };
      const reject = (e: unknown) => {
        clearTimeout(deadline);
        rejectP(e);
      };
      const req = this.mod.request(this.url, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('collector response aborted')));
      });
      // a delivery in flight never keeps the process alive by itself: when the app is done, beforeExit runs the
      // bounded exit flush (runtime.ts), whose timer is what waits
      req.on('socket', (socket) => socket.unref());
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

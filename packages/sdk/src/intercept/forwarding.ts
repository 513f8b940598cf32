/**
 * The base of the SDK's undici handler decorators (CallTracker, BatchResultsTracker): every callback goes to the
 * original handler FIRST, unchanged, and only then to the subclass's bookkeeping, which is guarded so that nothing
 * the SDK does can throw into the caller's request. The caller's bytes, errors and timing are the original's.
 */
import { errorMessage, log } from '../log.js';

/** The legacy undici handler interface (what Node's built-in fetch passes to `dispatch`). */
export interface LegacyHandler {
  onConnect?(abort: (err?: Error) => void, context?: unknown): void;
  onError?(err: Error): void;
  onUpgrade?(statusCode: number, headers: unknown, socket: unknown): void;
  onResponseStarted?(): void;
  onHeaders?(statusCode: number, headers: unknown, resume: () => void, statusText: string): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: unknown): void;
  onBodySent?(chunk: unknown): void;
  onRequestSent?(): void;
}

export type EndKind = 'complete' | 'error';

export abstract class ForwardingHandler implements LegacyHandler {
  constructor(protected readonly h: LegacyHandler) {}

  onConnect(abort: (err?: Error) => void, context?: unknown): void {
    return this.h.onConnect?.(abort, context);
  }

  onUpgrade(statusCode: number, headers: unknown, socket: unknown): void {
    return this.h.onUpgrade?.(statusCode, headers, socket);
  }

  onResponseStarted(): void {
    return this.h.onResponseStarted?.();
  }

  onRequestSent(): void {
    return this.h.onRequestSent?.();
  }

  // (try/catch written out in each: no closure allocated per body chunk)

  onBodySent(chunk: unknown): void {
    const r = this.h.onBodySent?.(chunk);
    try {
      this.bodySent(chunk);
    } catch (err) {
      this.failed('onBodySent', err);
    }
    return r;
  }

  onHeaders(statusCode: number, headers: unknown, resume: () => void, statusText: string): boolean {
    const r = this.h.onHeaders!(statusCode, headers, resume, statusText);
    try {
      this.headers(statusCode, headers);
    } catch (err) {
      this.failed('onHeaders', err);
    }
    return r;
  }

  onData(chunk: Buffer): boolean {
    const r = this.h.onData!(chunk);
    try {
      this.data(chunk);
    } catch (err) {
      this.failed('onData', err);
    }
    return r;
  }

  onComplete(trailers: unknown): void {
    try {
      this.h.onComplete!(trailers);
    } finally {
      this.endGuarded('complete', null);
    }
  }

  onError(err: Error): void {
    try {
      this.h.onError!(err);
    } finally {
      this.endGuarded('error', err);
    }
  }

  /** After the original handler heard of the end (even when it threw): our bookkeeping, guarded. */
  private endGuarded(kind: EndKind, err: unknown): void {
    try {
      this.end(kind, err);
    } catch (e) {
      this.failed(kind === 'complete' ? 'onComplete' : 'onError', e);
    }
  }

  /** A chunk of the request body as sent. */
  protected bodySent(_chunk: unknown): void {}
  /** The response's status and raw headers (flat array of names and values). */
  protected abstract headers(statusCode: number, headers: unknown): void;
  /** A chunk of the response body, after the caller got it. */
  protected abstract data(chunk: Buffer): void;
  /** The response ended (complete) or failed (error); called once per attempt by undici. */
  protected abstract end(kind: EndKind, err: unknown): void;

  private failed(where: string, err: unknown): void {
    log.debug(`${this.constructor.name} ${where}: ${errorMessage(err)}`);
  }
}

/** The SDK's own logging: warnings once per key, debug lines only when `debug` is on. Never throws. */
export interface Logger {
  warn(message: string): void;
  debug?(message: string): void;
}

const PREFIX = '[llmobserve] ';

export class Log {
  private readonly seen = new Set<string>();
  constructor(
    private sink: Logger = { warn: (m) => console.warn(m), debug: (m) => console.debug(m) },
    public debugEnabled = false,
  ) {}

  configure(sink: Logger | undefined, debugEnabled: boolean): void {
    if (sink) this.sink = sink;
    this.debugEnabled = debugEnabled;
  }

  warn(message: string): void {
    try {
      this.sink.warn(PREFIX + message);
    } catch {
      /* a broken logger must not break the host */
    }
  }

  /** Logs `message` the first time `key` is seen (per process); later ones go to debug. */
  warnOnce(key: string, message: string): void {
    if (this.seen.has(key)) {
      this.debug(message);
      return;
    }
    if (this.seen.size < 1000) this.seen.add(key);
    this.warn(message);
  }

  debug(message: string): void {
    if (!this.debugEnabled) return;
    try {
      (this.sink.debug ?? this.sink.warn).call(this.sink, PREFIX + message);
    } catch {
      /* ignore */
    }
  }
}

export const log = new Log();

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  try {
    return String(err);
  } catch {
    return 'unknown error';
  }
}

/** The transport's counters, as `stats()` reports them. */
export interface TransportStats {
  /** events waiting (queued or in a batch being sent) */
  pending: number;
  /** events the collector stored (accepted) */
  accepted: number;
  /** events the collector already had (replays) */
  duplicates: number;
  /** events the collector refused (4xx or per-event rejections) */
  rejected: number;
  /** events dropped by the SDK (queue full, or retries exhausted) */
  dropped: number;
  batches: number;
  retries: number;
  lastError: string | null;
  /** events written to the spool (`spoolDir`) */
  spooled: number;
  /** events read back from the spool and sent again */
  replayed: number;
  /** failed attempts in a row (0 once one succeeds) */
  consecutiveFailures: number;
}

/** Counters before anything was sent (also what stats() reports when observe() was never called). */
export function emptyStats(): TransportStats {
  return {
    pending: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    dropped: 0,
    batches: 0,
    retries: 0,
    lastError: null,
    spooled: 0,
    replayed: 0,
    consecutiveFailures: 0,
  };
}

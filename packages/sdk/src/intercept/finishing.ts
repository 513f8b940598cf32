/**
 * Calls that ended wait here for their events to be built, all together, a little later: building an event (reading
 * the kept body, usage, ids, the wire object) then runs in one macrotask for every call of that span of time,
 * instead of one macrotask per call right after it, where it delayed the calls that follow. The total work is the
 * same; the fewer the slices it is cut into, the fewer calls wait for one. The wait is the transport's flush
 * interval, at most MAX_DELAY_MS (an event built later than the next flush tick would leave a tick later), so the
 * events of a busy process are built about as often as a batch leaves (MAX_WAITING calls, a default batch and a
 * half) and sent right after, in the same turn of the event loop. flush() and the exit handlers build what waits at
 * once (`buildFinishedNow`), so nothing is lost or delayed by the wait; a burst, or calls that keep large bodies
 * (MAX_WAITING_BYTES), build early so memory stays bounded.
 */
export interface Finishing {
  /** Builds and emits the call's event; never throws. */
  finalize(): void;
}

/** The longest a finished call waits (measured, bench:sdk: 10 ms cut the building into ~7× more slices). */
export const MAX_DELAY_MS = 100;
const MAX_WAITING = 256;
/** Bytes the waiting calls may keep (request and response bodies) before they are built at once. */
export const MAX_WAITING_BYTES = 32 * 1024 * 1024;

let delayMs = MAX_DELAY_MS;
let queue: Finishing[] = [];
let waitingBytes = 0;
let timer: NodeJS.Timeout | null = null;
let immediate: NodeJS.Immediate | null = null;

/** observe(): finished calls wait at most the transport's flush interval (and never more than MAX_DELAY_MS). */
export function setFinishDelay(flushIntervalMs: number): void {
  delayMs = Math.max(0, Math.min(MAX_DELAY_MS, flushIntervalMs));
}

/** `bytes`: what the call keeps until it is built (its bodies), for the memory bound. */
export function finishLater(call: Finishing, bytes = 0): void {
  queue.push(call);
  waitingBytes += bytes;
  if (queue.length >= MAX_WAITING || waitingBytes >= MAX_WAITING_BYTES) immediate ??= setImmediate(buildFinishedNow);
  else if (timer === null) {
    // unref: a process with nothing else to do goes on to beforeExit, whose flush builds what waits
    timer = setTimeout(buildFinishedNow, delayMs);
    timer.unref();
  }
}

/** Builds the events of every call that waits (synchronously: also from `process.on('exit')`). */
export function buildFinishedNow(): void {
  if (timer !== null) clearTimeout(timer);
  if (immediate !== null) clearImmediate(immediate);
  timer = null;
  immediate = null;
  while (queue.length > 0) {
    const calls = queue;
    queue = [];
    waitingBytes = 0;
    for (const c of calls) c.finalize();
  }
}

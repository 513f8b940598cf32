/** A bounded FIFO (ring buffer): O(1) push and take; when full, a push drops the oldest item and returns it. */
export class BoundedQueue<T> {
  private buf: Array<T | undefined>;
  private head = 0;
  private count = 0;

  constructor(private cap: number) {
    this.buf = new Array<T | undefined>(Math.min(cap, 1024));
  }

  get length(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Adds at the tail; returns the dropped oldest item when the queue was full. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.count === this.cap) {
      dropped = this.buf[this.head];
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) % this.buf.length;
      this.count--;
    } else if (this.count === this.buf.length) {
      this.grow();
    }
    this.buf[(this.head + this.count) % this.buf.length] = item;
    this.count++;
    return dropped;
  }

  /** Removes and returns up to `n` items from the head. */
  take(n: number): T[] {
    const k = Math.min(n, this.count);
    const out = new Array<T>(k);
    for (let i = 0; i < k; i++) {
      out[i] = this.buf[this.head] as T;
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) % this.buf.length;
    }
    this.count -= k;
    return out;
  }

  /** Changes the capacity; drops the oldest items beyond it and returns how many. */
  resize(cap: number): number {
    const items = this.take(this.count);
    const drop = Math.max(0, items.length - cap);
    this.cap = cap;
    this.buf = new Array<T | undefined>(Math.max(1, Math.min(cap, Math.max(1024, items.length))));
    this.head = 0;
    this.count = 0;
    for (let i = drop; i < items.length; i++) this.push(items[i]!);
    return drop;
  }

  private grow(): void {
    const size = Math.min(this.cap, this.buf.length * 2);
    const next = new Array<T | undefined>(size);
    for (let i = 0; i < this.count; i++) next[i] = this.buf[(this.head + i) % this.buf.length];
    this.buf = next;
    this.head = 0;
  }
}

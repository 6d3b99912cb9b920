/**
 * An unbounded single-consumer async queue: producers `push`, one consumer iterates with `for await`.
 * Used by in-process transports (the embedded queue) and by tests that script arrival orders.
 */
export interface Channel<T> extends AsyncIterable<T> {
  push(value: T): void;
  /** Values pushed and not yet taken. */
  readonly size: number;
  /** Resolves once fewer than `below` values wait (at once if that is so now, or when the channel closes). */
  drained(below: number): Promise<void>;
  /** Ends iteration after the values already pushed; later pushes are dropped. Idempotent. */
  close(): void;
  readonly closed: boolean;
}

export function createChannel<T>(): Channel<T> {
  const buffer: T[] = [];
  let head = 0;
  let closed = false;
  let waiter: ((r: IteratorResult<T>) => void) | undefined;
  // Producers waiting for the buffer to shrink: [below, resolve].
  let drainWaiters: [number, () => void][] = [];
  const size = (): number => buffer.length - head;
  const wakeDrainWaiters = (): void => {
    if (drainWaiters.length === 0) return;
    const n = size();
    const ready = drainWaiters.filter(([below]) => closed || n < below);
    if (ready.length === 0) return;
    drainWaiters = drainWaiters.filter((w) => !ready.includes(w));
    for (const [, resolve] of ready) resolve();
  };

  const take = (): IteratorResult<T> | undefined => {
    if (head < buffer.length) {
      const value = buffer[head]!;
      // Taken: the buffer no longer keeps it alive (compaction below only trims the array).
      buffer[head] = undefined as T;
      head++;
      // Compact now and then so a long run does not keep every delivered value alive.
      if (head > 1024 && head * 2 > buffer.length) {
        buffer.splice(0, head);
        head = 0;
      }
      wakeDrainWaiters();
      return { value, done: false };
    }
    return closed ? { value: undefined, done: true } : undefined;
  };

  return {
    push(value: T): void {
      if (closed) return;
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w({ value, done: false });
      } else {
        buffer.push(value);
      }
    },
    get size() {
      return size();
    },
    drained(below: number): Promise<void> {
      if (closed || size() < below) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push([below, resolve]));
    },
    close(): void {
      if (closed) return;
      closed = true;
      wakeDrainWaiters();
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w({ value: undefined, done: true });
      }
    },
    get closed() {
      return closed;
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        next(): Promise<IteratorResult<T>> {
          const r = take();
          if (r) return Promise.resolve(r);
          return new Promise((resolve) => {
            waiter = resolve;
          });
        },
        return(): Promise<IteratorResult<T>> {
          closed = true;
          wakeDrainWaiters();
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}

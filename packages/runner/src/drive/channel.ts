/**
 * An unbounded single-consumer async queue: producers `push`, one consumer iterates with `for await`.
 * Used by in-process transports (the embedded queue) and by tests that script arrival orders.
 */
export interface Channel<T> extends AsyncIterable<T> {
  push(value: T): void;
  /** Ends iteration after the values already pushed; later pushes are dropped. Idempotent. */
  close(): void;
  readonly closed: boolean;
}

export function createChannel<T>(): Channel<T> {
  const buffer: T[] = [];
  let head = 0;
  let closed = false;
  let waiter: ((r: IteratorResult<T>) => void) | undefined;

  const take = (): IteratorResult<T> | undefined => {
    if (head < buffer.length) {
      const value = buffer[head]!;
      head++;
      // Compact now and then so a long run does not keep every delivered value alive.
      if (head > 1024 && head * 2 > buffer.length) {
        buffer.splice(0, head);
        head = 0;
      }
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
    close(): void {
      if (closed) return;
      closed = true;
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
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts: a service that is told to
 * stop while it still waits for a server (its first connection, a stream that does not exist yet) stops waiting.
 * The promise itself is not cancelled; the process exits anyway.
 * @example await abortable(connect(options), context.signal)
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

import { move, transferableSymbol, valueSymbol } from "piscina";

/**
 * `value` as a task's reply whose `buffers` piscina moves to the main thread instead of cloning them (the thread
 * must not touch them afterwards).
 */
export function transferring<T extends object>(value: T, buffers: readonly ArrayBufferLike[]): T {
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return value;
    },
  }) as unknown as T;
}

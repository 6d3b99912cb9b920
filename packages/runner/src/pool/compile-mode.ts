import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";

/**
 * Whether a pool of `threads` threads on `cores` cores should have V8 compile optimised code on the pool threads
 * themselves rather than on V8's background helper threads: when the pool fills every core. A helper then finds no
 * idle core: it takes one from a pool thread, and V8's hand-offs to and from it cost CPU of their own. Measured on
 * the 2-core machine kind (`bench/startup.mjs`' ~4 s spec, three runs each): `--threads 2` took 2.33 s instead of
 * 2.43 s and 4.34 s of CPU instead of 4.53 s, while `--threads 1`, which leaves a core idle for the helper, was 0.06 s
 * slower without it — so a pool that leaves a core free keeps background compiles.
 * @example compilesOnPoolThreads(2, 2) // → true
 */
export function compilesOnPoolThreads(threads: number, cores: number = availableParallelism()): boolean {
  return threads >= cores;
}

/**
 * Before a pool starts: turns V8's concurrent recompilation off for isolates created from now on when
 * `compilesOnPoolThreads`. V8 reads the flag when an isolate starts, so the threads the pool is about to start get
 * it and this (running) thread keeps its own setting; Node 20 leaves V8's flags writable after start. Pool threads
 * cannot be given V8 flags any other way: `Worker` rejects them in `execArgv`. Never turned back on: a later smaller
 * pool in the same process then compiles on its threads too, which costs it little.
 */
export function chooseCompileMode(threads: number): void {
  if (compilesOnPoolThreads(threads)) setFlagsFromString("--no-concurrent-recompilation");
}

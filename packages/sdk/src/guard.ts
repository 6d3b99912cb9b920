import { McxError, McxErrorCode } from "@mcx/core/sdk";

/**
 * The determinism guard: while a trial runs, the global sources of randomness and time throw
 * MCX_NONDETERMINISTIC, because a trial that reads them gives a different result on every run, thread and retry.
 *
 * `installGuard` wraps `Math.random`, `Date.now`, `performance.now` and `crypto.getRandomValues` once per thread;
 * a wrapper calls the original unless a trial is running, when it throws. Arming and disarming around a trial is
 * then one flag. Swapping the four functions in and out around every trial instead cost about 115 ns a trial
 * (stores into `Date` and `performance` are slow), a third of a two-uniform trial (bench/sdk-trial-vs-kernel.mjs).
 * Installed before a bundle is imported, the wrappers are also what a module that keeps `Math.random` in a variable
 * keeps. Trials are synchronous and a thread runs one shard at a time, so nothing else runs while the guard is armed.
 */

const HINT = "draw random numbers from the trial's rng (rng.uniform(), rng.normal(), …) and keep clocks out of trials";

let armed = false;
let installed = false;
let violation: McxError | undefined;

function forbid(name: string): never {
  const e = new McxError(
    McxErrorCode.NONDETERMINISTIC,
    `${name} was called during a trial; its value differs on every run, so the result could not be reproduced`,
    { hint: HINT },
  );
  // Kept even if the trial catches it: the trial is then reported as failed all the same.
  violation ??= e;
  throw e;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `target[key]` (own or inherited) by `wrapper(original)`, with the original's property attributes. */
function wrap(target: object | undefined, key: string, wrapper: (original: AnyFunction) => AnyFunction): void {
  if (target === undefined || target === null) return;
  let owner: object | null = target;
  let descriptor: PropertyDescriptor | undefined;
  while (owner !== null && (descriptor = Object.getOwnPropertyDescriptor(owner, key)) === undefined) {
    owner = Object.getPrototypeOf(owner);
  }
  if (typeof descriptor?.value !== "function") return;
  Object.defineProperty(target, key, { ...descriptor, value: wrapper(descriptor.value) });
}

/** Wraps the four functions (idempotent). Called by `installSdkHost` and, failing that, by the first trial. */
export function installGuard(): void {
  if (installed) return;
  installed = true;
  wrap(
    Math,
    "random",
    (original) =>
      function random() {
        if (armed) forbid("Math.random()");
        return original();
      },
  );
  wrap(
    Date,
    "now",
    (original) =>
      function now() {
        if (armed) forbid("Date.now()");
        return original();
      },
  );
  wrap(
    globalThis.performance,
    "now",
    (original) =>
      function now(this: unknown) {
        if (armed) forbid("performance.now()");
        return original.call(this);
      },
  );
  wrap(
    globalThis.crypto,
    "getRandomValues",
    (original) =>
      function getRandomValues(this: unknown, array: unknown) {
        if (armed) forbid("crypto.getRandomValues()");
        return original.call(this, array);
      },
  );
}

/** Arms the guard for a trial. Pair every call with {@link leaveTrial} (nested calls are not expected). */
export function enterTrial(): void {
  if (!installed) installGuard();
  violation = undefined;
  armed = true;
}

/** The first forbidden call since the guard was armed, caught by the trial or not; undefined if none. */
export function pendingViolation(): McxError | undefined {
  return violation;
}

/** Disarms the guard. */
export function leaveTrial(): void {
  armed = false;
  violation = undefined;
}

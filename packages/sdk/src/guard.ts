import { McxError, McxErrorCode } from "@mcx/core";

/**
 * The determinism guard: while a trial runs, the global sources of randomness and time throw
 * MCX_NONDETERMINISTIC, because a trial that reads them gives a different result on every run, thread and retry.
 *
 * Installing is a handful of property writes (measured in bench/sdk-trial-vs-kernel.mjs), done once per
 * `runTrial` for all its models, and undone in a `finally`. Trials are synchronous and a thread runs one shard at
 * a time, so nothing else runs on the thread while the guard is in place.
 */

const HINT = "draw random numbers from the trial's rng (rng.uniform(), rng.normal(), …) and keep clocks out of trials";

interface Patch {
  readonly target: Record<string, unknown>;
  readonly key: string;
  readonly original: unknown;
  readonly replacement: () => never;
}

let violation: McxError | undefined;

function forbidden(name: string): () => never {
  return () => {
    const e = new McxError(
      McxErrorCode.NONDETERMINISTIC,
      `${name} was called during a trial; its value differs on every run, so the result could not be reproduced`,
      { hint: HINT },
    );
    // Kept even if the trial catches it: the trial is then reported as failed all the same.
    violation ??= e;
    throw e;
  };
}

function patchOf(target: object | undefined, key: string, name: string): Patch[] {
  if (target === undefined || target === null) return [];
  const t = target as Record<string, unknown>;
  return [{ target: t, key, original: t[key], replacement: forbidden(name) }];
}

// Captured when the SDK loads: what the guard restores.
const patches: readonly Patch[] = [
  ...patchOf(Math, "random", "Math.random()"),
  ...patchOf(Date, "now", "Date.now()"),
  ...patchOf(globalThis.performance, "now", "performance.now()"),
  ...patchOf(globalThis.crypto, "getRandomValues", "crypto.getRandomValues()"),
];
const n = patches.length;
let depth = 0;

/** Puts the guard in place (nested calls nest). Pair every call with {@link leaveTrial} in a `finally`. */
export function enterTrial(): void {
  if (depth++ > 0) return;
  violation = undefined;
  for (let i = 0; i < n; i++) {
    const p = patches[i]!;
    p.target[p.key] = p.replacement;
  }
}

/** The first forbidden call since the guard was put in place, caught by the trial or not; undefined if none. */
export function pendingViolation(): McxError | undefined {
  return violation;
}

/** Takes the guard away (the outermost call restores the originals). */
export function leaveTrial(): void {
  if (--depth > 0) return;
  for (let i = 0; i < n; i++) {
    const p = patches[i]!;
    p.target[p.key] = p.original;
  }
  violation = undefined;
}

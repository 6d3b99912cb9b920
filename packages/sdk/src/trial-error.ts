import { McxError, McxErrorCode, type TrialAddress } from "@mcx/core";
import { locateInSource } from "./registry.ts";

/** A trial's return value that breaks the contract (not an object, a metric missing or of the wrong type). */
export class TrialResultError extends Error {
  override readonly name = "TrialResultError";
}

function describe(e: unknown): string {
  if (e instanceof TrialResultError) return e.message;
  if (e instanceof Error) return `trial threw ${e.name}: ${e.message}`;
  return `trial threw a non-Error value (${String(e)})`;
}

/**
 * The error a failed trial becomes: MCX_TRIAL_FAILED (or MCX_NONDETERMINISTIC when the guard tripped), naming
 * where the trial lives, who ran it, the message and the user's `file:line:col` when a source map knows it.
 * Deterministic: the same trial fails the same way on every run, so a shard that fails this way is not retried.
 */
export function trialFailure(simulation: object, e: unknown, address: TrialAddress, who: string): McxError {
  const where = `point ${address.point}, trial ${address.trial}, ${who}`;
  const at = e instanceof TrialResultError ? undefined : locateInSource(simulation, e);
  const suffix = at === undefined ? "" : ` at ${at}`;
  if (e instanceof McxError && e.code === McxErrorCode.NONDETERMINISTIC) {
    const options = e.hint === undefined ? { cause: e } : { cause: e, hint: e.hint };
    return new McxError(McxErrorCode.NONDETERMINISTIC, `${e.message}${suffix} (${where})`, options);
  }
  return new McxError(McxErrorCode.TRIAL_FAILED, `${describe(e)}${suffix} (${where})`, {
    cause: e,
    hint: "the same trial fails on every run (trials are deterministic): fix the simulation at the reported line",
  });
}

import { McxError, McxErrorCode, type TrialAddress } from "@mcx/core/sdk";
import { locateInSource } from "./registry.ts";

/** A trial's return value that breaks the contract (not an object, a metric missing or of the wrong type). */
export class TrialResultError extends Error {
  override readonly name = "TrialResultError";
}

/** What Node's permission model refused (`ERR_ACCESS_DENIED`, `ERR_DLOPEN_DISABLED`), else undefined. */
function refusal(e: unknown): string | undefined {
  const { code, permission, resource } = (e ?? {}) as { code?: unknown; permission?: unknown; resource?: unknown };
  if (code !== "ERR_ACCESS_DENIED" && code !== "ERR_DLOPEN_DISABLED") return undefined;
  return [code, permission, resource].filter((part) => typeof part === "string" && part !== "").join(" ");
}

/** How to read a refusal of the permission model, for the error's hint. */
export const PERMISSION_HINT =
  "this worker runs simulations under Node's permission model: files may be read, not written; no child processes, no native addons";

/** `Name: message` of a thrown value, with what the permission model refused when it did. */
export function thrownText(e: unknown): string {
  if (!(e instanceof Error)) return `a non-Error value (${String(e)})`;
  const refused = refusal(e);
  return `${e.name}: ${e.message}${refused === undefined ? "" : ` (${refused})`}`;
}

/** The hint of an error thrown by user code: the permission model's when it refused something. */
export function thrownHint(e: unknown, otherwise: string): string {
  return refusal(e) === undefined ? otherwise : PERMISSION_HINT;
}

function describe(e: unknown): string {
  if (e instanceof TrialResultError) return e.message;
  return `trial threw ${thrownText(e)}`;
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
    hint: thrownHint(
      e,
      "the same trial fails on every run (trials are deterministic): fix the simulation at the reported line",
    ),
  });
}

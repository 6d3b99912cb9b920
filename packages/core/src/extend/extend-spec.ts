import { McxError, McxErrorCode } from "../errors.ts";
import type { ExperimentSpec } from "../spec/schema.ts";
import { expandSweep } from "../spec/sweep.ts";

/** How `mcx extend` changes a run's spec (any combination; none: continue a cancelled run to its own target). */
export interface SpecChange {
  /** Trials per point: a fixed run's `trials`, an adaptive run's cap (`trials` and `stop.maxTrials`). */
  readonly trials?: number;
  /** Keys of the stop rule to change (a tighter `relHalfWidth` or `absHalfWidth`, a higher `maxTrials`, …). */
  readonly stop?: Readonly<Record<string, unknown>>;
  /** Points to add after the run's own: maps of dot paths to values, as in `sweep.list`. */
  readonly points?: readonly Readonly<Record<string, unknown>>[];
}

/**
 * The spec of an extension, as a raw spec (resolve it next): `base` (a result's `provenance.spec`) with `change`
 * applied. Added points turn the sweep into a `list` of the run's own points (expanded, in order) and the new ones,
 * so that every old point keeps its index and parameters, and so its trials.
 * @throws McxError MCX_FLAG_INVALID for a stop change of a run without a stop rule
 * @example extendedSpec(spec, { trials: 50_000 }).trials // → 50000
 */
export function extendedSpec(base: ExperimentSpec, change: SpecChange): Record<string, unknown> {
  const next: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  if (change.stop !== undefined) {
    if (base.stop === undefined) {
      throw new McxError(McxErrorCode.FLAG_INVALID, "--stop applies to a run with a stop rule (its spec has no stop)", {
        hint: "extend a fixed run with --trials N",
      });
    }
    next.stop = { ...base.stop, ...change.stop };
  }
  if (change.trials !== undefined) {
    next.trials = change.trials;
    if (base.stop !== undefined) next.stop = { ...(next.stop as object), maxTrials: change.trials };
  }
  if (change.points !== undefined && change.points.length > 0) {
    next.sweep = { list: [...expandSweep(base.sweep, base.seed), ...change.points] };
  }
  return next;
}

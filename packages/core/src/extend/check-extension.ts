import { McxError, McxErrorCode } from "../errors.ts";
import type { ResolvedSpec } from "../spec/resolve.ts";
import { canonicalJson } from "../util/canonical-json.ts";

/** Stop-rule keys an extension may change: the target, the metrics it watches and the cap (checked by the merger). */
const FREE_STOP_KEYS = new Set(["relHalfWidth", "absHalfWidth", "metrics", "maxTrials"]);

function mismatch(field: string, base: unknown, got: unknown, hint?: string): never {
  throw new McxError(
    McxErrorCode.EXTEND_MISMATCH,
    `${field} must equal the extended run's ${canonicalJson(base)} (got ${canonicalJson(got)})`,
    { hint: hint ?? "an extension continues the same trials: only trials, the stop target and new points may change" },
  );
}

/** The first dot path at which two JSON values differ, with both values there. */
function firstDifference(a: unknown, b: unknown, path: string): { path: string; a: unknown; b: unknown } | undefined {
  const isObject = (x: unknown): x is Record<string, unknown> =>
    x !== null && typeof x === "object" && !Array.isArray(x);
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return canonicalJson(a) === canonicalJson(b) ? undefined : { path, a, b };
}

function withoutFreeKeys(stop: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stop).filter(([k]) => !FREE_STOP_KEYS.has(k)));
}

/**
 * Checks that `next` continues `base`: a fresh run of `next` must pass through every block `base` merged. Same
 * simulation, models, seed, confidence, blockTrials, thresholds; every point of `base` with the same parameters at
 * the same index (new points come after); at least as many trials; a stop rule on both or neither, differing only in
 * its target, metrics and cap. Whether a new target would have stopped earlier is the merger's check (it needs the
 * convergence record).
 * @throws McxError MCX_EXTEND_MISMATCH naming the first field that differs, with both values
 */
export function checkExtension(base: ResolvedSpec, next: ResolvedSpec): void {
  if (next.simulation !== base.simulation) mismatch("spec.simulation", base.simulation, next.simulation);
  if (canonicalJson(next.models) !== canonicalJson(base.models)) mismatch("spec.models", base.models, next.models);
  if (next.seed !== base.seed) mismatch("spec.seed", base.seed, next.seed);
  if (next.blockTrials !== base.blockTrials) mismatch("spec.blockTrials", base.blockTrials, next.blockTrials);
  if (next.confidence !== base.confidence) mismatch("spec.confidence", base.confidence, next.confidence);
  if (canonicalJson(next.thresholds) !== canonicalJson(base.thresholds))
    mismatch("spec.thresholds", base.thresholds, next.thresholds);
  if (next.points.length < base.points.length) {
    mismatch("the number of points", base.points.length, next.points.length, "new points go after the run's own");
  }
  base.points.forEach((p, i) => {
    const d = firstDifference(p.params, next.points[i]!.params, "spec.params");
    if (d)
      mismatch(
        `${d.path} of point ${i}`,
        d.a,
        d.b,
        "new points go after the run's own, and old points keep their parameters",
      );
  });
  if ((base.stop === undefined) !== (next.stop === undefined)) {
    mismatch(
      "spec.stop",
      base.stop ?? null,
      next.stop ?? null,
      "a fixed run extends with --trials, an adaptive one with --stop or --trials",
    );
  }
  if (base.stop && next.stop) {
    const d = firstDifference(withoutFreeKeys(base.stop), withoutFreeKeys(next.stop), "spec.stop");
    if (d) mismatch(d.path, d.a, d.b, "stopping checkpoints follow stop.minTrials: keep it");
  }
  if (next.maxTrials < base.maxTrials) {
    throw new McxError(
      McxErrorCode.EXTEND_MISMATCH,
      `trials per point must be at least the extended run's ${base.maxTrials} (got ${next.maxTrials})`,
      { hint: "an extension only adds trials" },
    );
  }
}

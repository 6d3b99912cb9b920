import { z } from "zod";
import { decodeJsonNumber, encodeJsonNumber } from "../stats/json-number.ts";
import type { AlignedBatches } from "./aligned-batches.ts";
import type { MergedExact } from "./merged-exact.ts";
import { ExactSlotSchema } from "./shard-task.ts";

const count = z.int().nonnegative();
const finite = z.number().refine(Number.isFinite, "must be finite");
/** A number that may be NaN or ±∞ (a convergence row before its interval exists), as `encodeJsonNumber` writes it. */
const anyNumber = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity", "-0"])]).transform((v, ctx) => {
  try {
    return decodeJsonNumber(v);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message });
    return z.NEVER;
  }
});

/**
 * The merged state of one point after its first `block` blocks: everything `PointMerger` keeps, so a merger restored
 * from it continues exactly as the one that wrote it would have (what `mcx extend` starts from). JSON-safe.
 */
export const PointStateSchema = z.strictObject({
  point: count,
  /** Blocks merged: the state covers blocks [0, block). */
  block: count,
  trials: count,
  events: count,
  stop: z.enum(["running", "fixed", "target_met", "max_trials"]),
  moments: z.array(finite),
  blockMeanMoments: z.array(finite),
  blockCounts: z.array(count),
  blockVarMoments: z.array(finite),
  pairsSkipped: z.array(count),
  batches: z.strictObject({
    size: z.int().positive(),
    used: count,
    trials: z.array(count),
    weight: z.array(finite),
    mean: z.array(finite),
  }),
  /** Per continuous slot, the order-free statistics of the merged shards (the shape of one shard's). */
  exact: z.array(ExactSlotSchema),
  /** Blocks at which the convergence rows were recorded, in order (checkpoints reached). */
  checkpoints: z.array(z.int().positive()),
  /** Per slot, [trials, estimate, half-width] at each of `checkpoints`. */
  convergence: z.array(z.array(z.tuple([count, anyNumber, anyNumber]))),
});
export type PointState = z.output<typeof PointStateSchema>;
/** A point state as JSON (non-finite convergence numbers as strings). */
export type PointStateJson = z.input<typeof PointStateSchema>;

/** The merged statistics of a point (`PointMerger`'s arrays and accumulators). */
export interface MergedArrays {
  readonly moments: Float64Array;
  readonly blockMeanMoments: Float64Array;
  readonly blockCounts: Float64Array;
  readonly blockVarMoments: Float64Array;
  readonly pairsSkipped: Float64Array;
  readonly batches: AlignedBatches;
  readonly exact: readonly MergedExact[];
}

/** What a point state is captured from (a `PointMerger`'s fields). */
export interface PointFields extends MergedArrays {
  readonly point: number;
  readonly nextBlock: number;
  readonly trials: number;
  readonly events: number;
  readonly stop: PointState["stop"];
  readonly convergence: readonly (readonly [number, number, number])[][];
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The JSON state of a point merger whose convergence rows were recorded at `checkpoints` (blocks). */
export function capturePointState(pm: PointFields, checkpoints: readonly number[]): PointStateJson {
  return {
    point: pm.point,
    block: pm.nextBlock,
    trials: pm.trials,
    events: pm.events,
    stop: pm.stop,
    moments: Array.from(pm.moments),
    blockMeanMoments: Array.from(pm.blockMeanMoments),
    blockCounts: Array.from(pm.blockCounts),
    blockVarMoments: Array.from(pm.blockVarMoments),
    pairsSkipped: Array.from(pm.pairsSkipped),
    batches: pm.batches.toJSON(),
    exact: pm.exact.map((e) => ({
      nonFinite: e.nonFinite,
      posInf: e.posInf,
      negInf: e.negInf,
      min: finiteOrNull(e.min),
      max: finiteOrNull(e.max),
      sketch: e.sketch.toJSON(),
      exceed: Array.from(e.exceed),
    })),
    checkpoints: [...checkpoints],
    convergence: pm.convergence.map((rows) =>
      rows.map(([n, estimate, halfWidth]) => [n, encodeJsonNumber(estimate), encodeJsonNumber(halfWidth)]),
    ),
  };
}

/**
 * Copies the order-free and moment state of `state` into an empty merger's arrays (same layout: same simulation,
 * models and thresholds). The caller sets the block counters and the convergence record.
 * @throws RangeError when the state was written for another layout
 */
export function restoreMergedArrays(target: MergedArrays, state: PointState): void {
  const copy = (into: Float64Array, from: readonly number[], what: string): void => {
    if (into.length !== from.length) {
      throw new RangeError(
        `point ${state.point}: ${what} has ${from.length} numbers, this run's layout ${into.length}`,
      );
    }
    into.set(from);
  };
  copy(target.moments, state.moments, "moments");
  copy(target.blockMeanMoments, state.blockMeanMoments, "blockMeanMoments");
  copy(target.blockCounts, state.blockCounts, "blockCounts");
  copy(target.blockVarMoments, state.blockVarMoments, "blockVarMoments");
  target.batches.restore(state.batches);
  copy(target.pairsSkipped, state.pairsSkipped, "pairsSkipped");
  if (target.exact.length !== state.exact.length) {
    throw new RangeError(
      `point ${state.point}: ${state.exact.length} continuous slots, this run's layout has ${target.exact.length}`,
    );
  }
  state.exact.forEach((x, c) => {
    const e = target.exact[c]!;
    copy(e.exceed, x.exceed, `exact[${c}].exceed`);
    e.nonFinite = x.nonFinite;
    e.posInf = x.posInf;
    e.negInf = x.negInf;
    e.min = x.min ?? Number.POSITIVE_INFINITY;
    e.max = x.max ?? Number.NEGATIVE_INFINITY;
    // An empty sketch plus the stored bins is the stored sketch (integer counts; the state is a function of them).
    e.sketch.mergeJSON(x.sketch);
  });
}

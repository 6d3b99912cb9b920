import { McxError, McxErrorCode } from "../errors.ts";
import type { PointState } from "./point-state.ts";

/** One merged shard in a result's ledger: its place in its run's plan and the 64-bit fingerprint of its summary. */
export interface LedgerShard {
  readonly shard: number;
  readonly point: number;
  readonly blockStart: number;
  readonly blockEnd: number;
  /** `summaryFingerprint` of the summary that was merged (16 hex digits). */
  readonly fingerprint: string;
}

/**
 * The shards one run merged. A shard is recomputed from the spec, the segment's run id and point trials (the last
 * block of a point may be short) and its block range, which is what `mcx audit` does.
 */
export interface LedgerSegment {
  readonly runId: string;
  /** Trials per point (the cap) of the run that merged these shards. */
  readonly pointTrials: number;
  readonly shards: readonly LedgerShard[];
}

/** A result an extension continues (recorded in its `provenance.extends`). */
export interface ExtendedResult {
  readonly runId: string;
  readonly digest: string;
  readonly specHash: string;
  /** Trials merged over all points. */
  readonly trials: number;
}

/** What an extension starts from: the stored point states and the ledger of the shards inside them. */
export interface ExtensionBase {
  /** Per point of the extended spec, its stored state; undefined for a point the base did not have (block 0). */
  readonly points: readonly (PointState | undefined)[];
  /** Segments of the runs the states come from, holding only shards inside the states. */
  readonly segments: readonly LedgerSegment[];
  /** The results continued, oldest first (the one extended last). */
  readonly extends: readonly ExtendedResult[];
}

/**
 * The base of an extension to `pointCount` points from the states of a result's first points, its ledger and the
 * results it continues (`history`, oldest first, ending with the result itself). Shards
 * past a point's stored state (the one holding a short last block, which the extension runs again) leave the ledger.
 * @throws McxError MCX_NOT_EXTENDABLE when the states are not the points 0, 1, … in order, or more than `pointCount`
 */
export function createExtensionBase(
  states: readonly PointState[],
  segments: readonly LedgerSegment[],
  pointCount: number,
  history: readonly ExtendedResult[] = [],
): ExtensionBase {
  if (states.length > pointCount) {
    throw new McxError(
      McxErrorCode.NOT_EXTENDABLE,
      `the block store holds ${states.length} points, the extended spec only ${pointCount}`,
    );
  }
  states.forEach((s, i) => {
    if (s.point !== i) {
      throw new McxError(McxErrorCode.NOT_EXTENDABLE, `the block store's entry ${i} is of point ${s.point}, not ${i}`);
    }
  });
  const inside = (x: LedgerShard): boolean => x.point < states.length && x.blockEnd <= states[x.point]!.block;
  return {
    points: Array.from({ length: pointCount }, (_, p) => states[p]),
    segments: segments
      .map((seg) => ({ ...seg, shards: seg.shards.filter(inside) }))
      .filter((seg) => seg.shards.length > 0),
    extends: [...history],
  };
}

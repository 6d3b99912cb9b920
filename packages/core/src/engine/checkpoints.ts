/**
 * Fixed checkpoints of a point's block prefix, in blocks: where adaptive stopping is decided and convergence is
 * recorded. They depend on the spec only, never on timing, so a stopped run is the same run everywhere.
 *
 * Geometric: c₀ = first, c_{k+1} = max(c_k + 1, ⌈c_k · ratio⌉), capped by and ending at `total`.
 * With ratio 1.1 a run stops at most ~10 % (plus one block) after the prefix that first met its target.
 */
export function geometricCheckpoints(first: number, total: number, ratio: number): number[] {
  const out: number[] = [];
  let c = Math.max(1, Math.min(first, total));
  while (c < total) {
    out.push(c);
    c = Math.max(c + 1, Math.ceil(c * ratio));
  }
  out.push(total);
  return out;
}

/** Growth between stopping checkpoints (bounds the overshoot of adaptive stopping). */
export const STOP_CHECKPOINT_RATIO = 1.1;
/** Growth between convergence records of fixed-size runs. */
export const CONVERGENCE_CHECKPOINT_RATIO = 1.25;

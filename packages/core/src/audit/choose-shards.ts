import { uniformInt } from "../rng/distributions.ts";
import { seedStream } from "../rng/stream.ts";
import { Xoshiro128 } from "../rng/xoshiro.ts";

// The audit's draws use a point index no real point can have (points ≤ SpecLimits.maxPoints), like the sweeps'.
const AUDIT_POINT = 0xffff_fff2;

/**
 * `k` distinct indexes of [0, total) drawn by `seed` (all of them, in order, when k ≥ total), ascending: the shards
 * `mcx audit` recomputes. A partial Fisher–Yates shuffle on the project's generator, so a seed names one sample.
 * @example chooseShards(10, 3, 7) // → three distinct indexes in [0, 10), the same for seed 7 on every machine
 */
export function chooseShards(total: number, k: number, seed: number): number[] {
  if (k >= total) return Array.from({ length: total }, (_, i) => i);
  const rng = new Xoshiro128();
  seedStream(rng, seed, AUDIT_POINT, 0, 0, 0);
  const pool = Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = uniformInt(rng, i, total - 1);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

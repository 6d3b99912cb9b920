import { exponential } from "../../rng/distributions.ts";
import type { Xoshiro128 } from "../../rng/xoshiro.ts";

/** −ln(1 − p): the hazard whose exhaustion of an Exp(1) budget has probability p (+Inf for p = 1). */
export function hazard(p: number): number {
  return -Math.log1p(-p);
}

/**
 * Exposure draws of the mechanistic workload's episodes, one task at a time: each task carries an Exp(1) budget
 * that every episode spends by its hazard −ln(1 − p); the episode that exhausts it is exposed and a fresh budget
 * is drawn. P(exposed | not since the last draw) = 1 − e^{−h} = p, episodes independent: the same law as one
 * Bernoulli(p) per episode, at one Exp draw per exposed episode instead of one uniform per episode (exposures are
 * rare). Budgets belong to a model run (`reset`) and come from the generator the caller passes (the task's own).
 */
export class ExposureBudget {
  declare private readonly left: Float64Array;

  constructor(nTasks: number) {
    this.left = new Float64Array(nTasks);
  }

  /** A new model run: no budget drawn yet. */
  reset(): void {
    this.left.fill(Number.NaN);
  }

  /** Task i's remaining budget (NaN: none drawn yet), to resume it later with `restore`. */
  remaining(i: number): number {
    return this.left[i];
  }

  restore(i: number, left: number): void {
    this.left[i] = left;
  }

  /** Whether task i's next episode, of hazard h, is exposed (1) or not (0). */
  spend(i: number, g: Xoshiro128, h: number): number {
    if (h === 0) return 0;
    let left = this.left[i];
    if (Number.isNaN(left)) left = exponential(g);
    left -= h;
    if (left > 0) {
      this.left[i] = left;
      return 0;
    }
    this.left[i] = exponential(g);
    return 1;
  }
}

const EMPTY = new Float64Array(0);

/** Batches a point's trials are grouped into for cross-run pairing (fewer when the point has fewer blocks). */
export const ALIGNED_BATCHES = 64;

/** The aligned batches of one point at the end of its run. */
export interface BatchTable {
  /** Trials of each batch; batch k covers the trials that follow batch k − 1's, from trial 0. */
  readonly trials: number[];
  /** Per slot, per batch: the weight (finite values of a continuous slot, trials of a proportion). */
  readonly weight: number[][];
  /** Per slot, per batch: the mean of the slot's values in the batch (NaN when the weight is 0). */
  readonly mean: number[][];
}

/**
 * Groups a point's blocks, as they are merged in order, into a fixed number of contiguous batches whose trial
 * ranges depend only on the number of blocks merged: two runs with the same seed, point, block size and trials
 * have batch k over the same trials, so their batch means can be paired (common random numbers across runs).
 *
 * Up to 2K fine batches of `size` blocks are filled; when they are full, neighbours are merged pairwise and
 * `size` doubles. At the end the c fine batches (K < c ≤ 2K) are grouped into K batches of ⌊jc/K⌋ … fine
 * batches each, so sizes differ by at most a factor 2 (the paired test weighs batches by their size). Memory:
 * 2K × slots × 2 numbers per point once it has started.
 */
export class AlignedBatches {
  private readonly slots: number;
  private readonly capacity: number;
  private readonly target: number;
  private size = 1;
  private used = 0;
  // Allocated at the first block, so that planning a large sweep costs nothing until its points run.
  private trials = EMPTY;
  private weight = EMPTY;
  private mean = EMPTY;

  constructor(slots: number, target = ALIGNED_BATCHES) {
    this.slots = slots;
    this.target = target;
    this.capacity = 2 * target;
  }

  /**
   * Adds block `block` (blocks must come in order 0, 1, 2, …) of `trials` trials, with weight `w(s)` and mean
   * `m(s)` for slot s.
   */
  addBlock(block: number, trials: number, w: (s: number) => number, m: (s: number) => number): void {
    if (this.trials === EMPTY) {
      this.trials = new Float64Array(this.capacity);
      this.weight = new Float64Array(this.capacity * this.slots);
      this.mean = new Float64Array(this.capacity * this.slots);
    }
    let f = Math.floor(block / this.size);
    if (f >= this.capacity) {
      this.halve();
      f = Math.floor(block / this.size);
    }
    this.trials[f] += trials;
    for (let s = 0; s < this.slots; s++) this.mergeInto(f, s, w(s), m(s));
    if (f + 1 > this.used) this.used = f + 1;
  }

  /** The batches: one per fine batch up to K of them, else exactly K. */
  finish(): BatchTable {
    const c = this.used;
    const k = Math.min(c, this.target);
    const groups = Array.from({ length: k }, (_, j) => [Math.floor((j * c) / k), Math.floor(((j + 1) * c) / k)]);
    const trials = groups.map(([a, b]) => sumRange(this.trials, a!, b!));
    const weight: number[][] = [];
    const mean: number[][] = [];
    for (let s = 0; s < this.slots; s++) {
      const ws: number[] = [];
      const ms: number[] = [];
      for (const [a, b] of groups) {
        let wsum = 0;
        let msum = 0;
        for (let f = a!; f < b!; f++) {
          const w = this.weight[f * this.slots + s]!;
          if (w === 0) continue;
          wsum += w;
          msum += ((this.mean[f * this.slots + s]! - msum) * w) / wsum;
        }
        ws.push(wsum);
        ms.push(wsum === 0 ? Number.NaN : msum);
      }
      weight.push(ws);
      mean.push(ms);
    }
    return { trials, weight, mean };
  }

  /** Merges fine batches 2j and 2j + 1 into j; fine batches now hold twice as many blocks. */
  private halve(): void {
    const half = this.capacity / 2;
    for (let j = 0; j < half; j++) {
      this.trials[j] = this.trials[2 * j]! + this.trials[2 * j + 1]!;
      for (let s = 0; s < this.slots; s++) {
        const w = this.weight[2 * j * this.slots + s]!;
        const m = this.mean[2 * j * this.slots + s]!;
        this.weight[j * this.slots + s] = w;
        this.mean[j * this.slots + s] = m;
        this.mergeInto(j, s, this.weight[(2 * j + 1) * this.slots + s]!, this.mean[(2 * j + 1) * this.slots + s]!);
      }
    }
    this.trials.fill(0, half);
    this.weight.fill(0, half * this.slots);
    this.mean.fill(0, half * this.slots);
    this.size *= 2;
    this.used = half;
  }

  /** Weighted running mean of fine batch f, slot s, with `w` more values of mean `m`. */
  private mergeInto(f: number, s: number, w: number, m: number): void {
    if (w === 0) return;
    const at = f * this.slots + s;
    const total = this.weight[at]! + w;
    this.mean[at] = this.mean[at]! + ((m - this.mean[at]!) * w) / total;
    this.weight[at] = total;
  }
}

function sumRange(x: Float64Array, a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += x[i]!;
  return s;
}

import { seedStream } from "../../rng/stream.ts";
import { Xoshiro128 } from "../../rng/xoshiro.ts";
import { GLOBAL_STREAM_INDEX, STREAM_KINDS } from "./constants.ts";

/**
 * Preallocated per-(kind, task) generators of one kernel, seeded lazily per trial (§2.4 common random numbers).
 *
 * `get(kind, i)` returns the generator of stream (seed, point, trial, kind, i), seeding it from its address on
 * the first use in the current trial (a per-slot stamp), so a trial costs one Philox call per stream actually
 * used and nothing is allocated after the kind's first use. Task index `count` is the per-trial global stream
 * (address index GLOBAL_STREAM_INDEX). `begin()` starts a new trial; every model of the trial calls it again,
 * so each model draws its workload from the start of the same streams.
 */
export class StreamPool {
  declare private readonly count: number;
  private readonly gens: Xoshiro128[][] = [];
  private readonly stamps: Int32Array[] = [];
  private stamp = 0;
  private seed = 0;
  private point = 0;
  private trial = 0;

  constructor(tasks: number) {
    this.count = tasks;
    for (let k = 0; k < STREAM_KINDS; k++) {
      this.gens.push([]);
      this.stamps.push(new Int32Array(0));
    }
  }

  /** Allocates the generators of `kind` now (else on first use). */
  reserve(kind: number): void {
    if (this.gens[kind].length > 0) return;
    const arr: Xoshiro128[] = new Array(this.count + 1);
    for (let i = 0; i <= this.count; i++) arr[i] = new Xoshiro128();
    this.gens[kind] = arr;
    this.stamps[kind] = new Int32Array(this.count + 1);
  }

  /** Starts (or restarts) the streams of trial (seed, point, trial): every stream is re-seeded on next use. */
  begin(seed: number, point: number, trial: number): void {
    this.seed = seed;
    this.point = point;
    this.trial = trial;
    if (this.stamp === 0x7ffffffe) {
      for (const s of this.stamps) s.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  /** Generator of stream (kind, task i) in the current trial; i = tasks selects the global stream. */
  get(kind: number, i: number): Xoshiro128 {
    let arr = this.gens[kind];
    if (arr.length === 0) {
      this.reserve(kind);
      arr = this.gens[kind];
    }
    const g = arr[i];
    const st = this.stamps[kind];
    if (st[i] !== this.stamp) {
      st[i] = this.stamp;
      seedStream(g, this.seed, this.point, this.trial, kind, i === this.count ? GLOBAL_STREAM_INDEX : i);
    }
    return g;
  }

  /** The per-trial global stream of `kind`. */
  global(kind: number): Xoshiro128 {
    return this.get(kind, this.count);
  }
}

import { exponential } from "../../rng/distributions.ts";
import { exponentialsOfStates } from "../../rng/exponentials-of-states.ts";
import { Xoshiro128 } from "../../rng/xoshiro.ts";
import { STREAM } from "./constants.ts";
import { STREAM_BLOCK, type StreamPool } from "./streams.ts";

/**
 * The kernel exits of the reduced workload's users (§2.3 Layer A): a Poisson process of rate λ per user from its
 * (exit, i) stream. The first exit switches a user in kGraft and livepatch and ends a sticky block, so it is drawn
 * once per trial and shared by all models of the trial; only a reverse transition asks for a later one:
 * t + Exp(λ) for the exit after t (memoryless), drawn further along the same stream.
 */
export class ReducedExits {
  declare private readonly streams: StreamPool;
  declare private readonly lambda: number;
  /** Per trial: first kernel exit of each user (NaN = not drawn in this trial). */
  declare private readonly first: Float64Array;
  /** Per model run: the exit after the first, once asked (+Inf = not drawn yet). */
  declare private readonly later: Float64Array;
  private readonly scratch = new Xoshiro128();

  constructor(nUser: number, lambda: number, streams: StreamPool) {
    this.streams = streams;
    this.lambda = lambda;
    this.first = new Float64Array(nUser);
    this.later = new Float64Array(nUser);
    if (lambda > 0) streams.reserveStates(STREAM.exit); // so that no trial allocates
  }

  beginTrial(): void {
    this.first.fill(Number.NaN);
  }

  beginRun(): void {
    this.later.fill(Number.POSITIVE_INFINITY);
  }

  /** User i's first kernel exit (+Inf when λ = 0). */
  firstOf(i: number): number {
    // Drawn out of line, a block at a time: so this stays small enough for V8 to inline into the models' event
    // loops, and the call that is not inlined returns nothing (a double returned from one is boxed, allocated).
    if (Number.isNaN(this.first[i])) this.drawFirstExits(i);
    return this.first[i];
  }

  /**
   * The first exits of the users of i's stream block, from the pool's batched, per-trial cached derivation of the
   * (exit, ·) states (not a Philox call per user) and read straight from the state words (no generator seeded on
   * the fast path). A block's states are derived together anyway; drawing its other 31 exits (≈ 0.15 µs) costs
   * less than 31 more calls when a model asks every user, and a trial that asks only a few users pays it once per
   * block it touches.
   */
  private drawFirstExits(i: number): void {
    const { first, lambda } = this;
    if (!(lambda > 0)) {
      first[i] = Number.POSITIVE_INFINITY;
      return;
    }
    const from = i - (i % STREAM_BLOCK);
    const to = Math.min(from + STREAM_BLOCK, first.length);
    const record = this.streams.taskRecord(STREAM.exit, from);
    exponentialsOfStates(this.streams.stateWords, record, to - from, first, from, this.scratch);
    for (let j = from; j < to; j++) first[j] /= lambda;
  }

  /**
   * `nextAfter(i, t)` of every user i, into out[i]: the first exits, drawn block by block and copied in one
   * `set` (a memcpy), then a scan that replaces the few not after t (none at t = 0 unless an exit is exactly 0).
   * Splitting the draws, the copy and the rare replacement keeps each loop tight.
   */
  allAfter(t: number, out: Float64Array): void {
    const first = this.first;
    const n = first.length;
    for (let b = 0; b < n; b += STREAM_BLOCK) this.firstOf(b);
    out.set(first);
    for (let i = 0; i < n; i++) if (!(out[i] > t)) out[i] = this.nextAfter(i, t);
  }

  /** User i's next kernel exit after t. */
  nextAfter(i: number, t: number): number {
    const first = this.firstOf(i);
    if (first > t) return first;
    let e = this.later[i];
    if (!(e > t)) {
      const g = this.streams.get(STREAM.exit, i);
      // The stream's first draw is the first exit: skip it once per model run.
      if (e === Number.POSITIVE_INFINITY) exponential(g);
      e = t + exponential(g) / this.lambda;
      this.later[i] = e;
    }
    return e;
  }
}

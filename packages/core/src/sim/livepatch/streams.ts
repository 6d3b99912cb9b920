import { createPhiloxRecords, type PhiloxRecords } from "../../rng/philox-batch.ts";
import { seedStream, seedStreams, setStreamState } from "../../rng/stream.ts";
import { Xoshiro128 } from "../../rng/xoshiro.ts";
import { GLOBAL_STREAM_INDEX, STREAM_KINDS } from "./constants.ts";

// Task streams are derived in blocks of 2^BLOCK_SHIFT consecutive indices, one `seedStreams` call per block:
// a JS→WebAssembly call costs about 5 derivations, and 32 bounds the work wasted on the unused streams of a
// block (≈ 0.2 µs) when a trial touches only a few tasks.
const BLOCK_SHIFT = 5;
const BLOCK = 1 << BLOCK_SHIFT;
/** Task streams per derivation block: tasks [b·STREAM_BLOCK, (b + 1)·STREAM_BLOCK) have consecutive records. */
export const STREAM_BLOCK = BLOCK;

/**
 * Preallocated per-(kind, task) generators of one kernel, seeded lazily per trial (§2.4 common random numbers).
 *
 * `get(kind, i)` returns the generator of stream (seed, point, trial, kind, i), seeding it from its address on
 * the first use in the current model run (a per-slot stamp), and nothing is allocated after the kind's first
 * use. Task index `count` is the per-trial global stream (address index GLOBAL_STREAM_INDEX). `begin()` starts a
 * model run; every model of the trial calls it again, so each model draws its workload from the start of the
 * same streams.
 *
 * Stream states are derived in batches and kept for the trial: the first use of a task stream derives the
 * states of its block of 32 tasks in one `seedStreams` call (Philox4x32-10 in WebAssembly), and the later
 * models of the trial reuse them until the trial address changes. A state depends on its address alone, so
 * this changes no output bit; it makes the derivation ≈ 6 ns per stream instead of ≈ 55 (one Philox call each).
 */
export class StreamPool {
  declare private readonly count: number;
  /** Records per kind in `states`: whole blocks, so the last block is derived whole too. */
  declare private readonly span: number;
  private readonly gens: Xoshiro128[][] = [];
  private readonly stamps: Int32Array[] = [];
  /** Per kind: the trial stamp of each block, whose states are records [kind × span + i] of `states`. */
  private readonly blockStamps: Int32Array[] = [];
  private states: PhiloxRecords | null = null;
  private stamp = 0;
  private trialStamp = 0;
  private seed = 0;
  private point = 0;
  private trial = 0;

  constructor(tasks: number) {
    this.count = tasks;
    this.span = ((tasks + BLOCK - 1) >> BLOCK_SHIFT) << BLOCK_SHIFT;
    for (let k = 0; k < STREAM_KINDS; k++) {
      this.gens.push([]);
      this.stamps.push(new Int32Array(0));
      this.blockStamps.push(new Int32Array(0));
    }
  }

  /** Allocates the generators of `kind` now (else on first use). */
  reserve(kind: number): void {
    if (this.gens[kind].length > 0) return;
    const arr: Xoshiro128[] = new Array(this.count + 1);
    for (let i = 0; i <= this.count; i++) arr[i] = new Xoshiro128();
    this.gens[kind] = arr;
    this.stamps[kind] = new Int32Array(this.count + 1);
    this.reserveStates(kind);
  }

  /** Allocates the state cache of `kind` (all kinds share one records buffer) now, else on first use. */
  reserveStates(kind: number): void {
    if (this.blockStamps[kind].length > 0 || this.span === 0) return;
    // One buffer for every kind: one WebAssembly memory per pool rather than one per kind (≈ 176 B per task).
    if (this.states === null) this.states = createPhiloxRecords(STREAM_KINDS * this.span);
    this.blockStamps[kind] = new Int32Array(this.span >> BLOCK_SHIFT);
  }

  /** Starts (or restarts) the streams of trial (seed, point, trial): every stream is re-seeded on next use. */
  begin(seed: number, point: number, trial: number): void {
    if (this.trialStamp === 0 || seed !== this.seed || point !== this.point || trial !== this.trial) {
      this.seed = seed;
      this.point = point;
      this.trial = trial;
      if (this.trialStamp === 0x7ffffffe) {
        for (const s of this.blockStamps) s.fill(0);
        this.trialStamp = 0;
      }
      this.trialStamp++;
    }
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
      if (i === this.count) seedStream(g, this.seed, this.point, this.trial, kind, GLOBAL_STREAM_INDEX);
      else this.seedTask(g, kind, i);
    }
    return g;
  }

  /**
   * Seeds the caller's generator `g` with task stream (kind, i) of the current trial from the state cache, for
   * streams drawn outside `get` (no slot stamp). `i` must be a task index (< tasks).
   */
  seedTask(g: Xoshiro128, kind: number, i: number): void {
    const record = this.taskRecord(kind, i); // first: it allocates the state cache on a kind's first use
    setStreamState(g, this.stateWords, record);
  }

  /**
   * The record of `stateWords` holding the state of task stream (kind, i) in the current trial (derived now with
   * its block when not yet), for reading a stream's first draws without seeding a generator. `i` < tasks. The
   * tasks of i's block (see `STREAM_BLOCK`) have the consecutive records around it, derived with it.
   */
  taskRecord(kind: number, i: number): number {
    let bs = this.blockStamps[kind];
    if (bs.length === 0) {
      this.reserveStates(kind);
      bs = this.blockStamps[kind];
    }
    const b = i >> BLOCK_SHIFT;
    const base = kind * this.span;
    if (bs[b] !== this.trialStamp) {
      bs[b] = this.trialStamp;
      const first = b << BLOCK_SHIFT;
      seedStreams(this.states!, base + first, this.seed, this.point, this.trial, kind, first, BLOCK);
    }
    return base + i;
  }

  /** The state cache's words (4 a record; see `taskRecord`); allocated by the first `reserveStates`. */
  get stateWords(): Uint32Array {
    return this.states!.words;
  }

  /** The per-trial global stream of `kind`. */
  global(kind: number): Xoshiro128 {
    return this.get(kind, this.count);
  }
}

import {
  bernoulli,
  exponential,
  normal,
  poisson,
  seedStream,
  type TrialAddress,
  uniformInt,
  Xoshiro128,
} from "@mcx/core/sdk";

/**
 * The random numbers of one trial. Every method draws from an xoshiro128** stream whose start is a function of
 * (seed, point, trial, stream) only, so a trial draws the same numbers on any thread, worker or machine, and every
 * model of a trial starts from the same numbers (common random numbers).
 */
export interface Rng {
  /** Uniform double in [lo, hi) (default [0, 1)) with 53 random bits: two 32-bit draws. */
  uniform(lo?: number, hi?: number): number;
  /** Normal variate with the given mean (default 0) and standard deviation (default 1): 256-layer ziggurat. */
  normal(mean?: number, sd?: number): number;
  /** Exponential variate with the given rate (mean 1 / rate; default rate 1): 256-layer ziggurat. */
  exponential(rate?: number): number;
  /** True with probability p: one uniform, `u < p`. Always one draw, whatever p. */
  bernoulli(p: number): boolean;
  /** Poisson variate with the given mean: inversion below mean 10, PTRS (Hörmann 1993) above. */
  poisson(mean: number): number;
  /** Uniform integer in [lo, hi], both inclusive, unbiased (Lemire 2019). */
  int(lo: number, hi: number): number;
  /**
   * The generator of sub-stream k (an integer in [0, 2^32)) of this trial: independent of `rng` and of every other
   * sub-stream. Within one trial of one model, `stream(k)` returns the same generator, which starts at the
   * beginning of its sub-stream the first time it is asked for. Sub-streams of a sub-stream are the trial's.
   */
  stream(k: number): Rng;
}

/** An {@link Rng} that a `createKernel` kernel seeds itself for each trial (and for each model, for CRN). */
export interface KernelRng extends Rng {
  /** Restarts the trial's stream and all its sub-streams at `address`. */
  seed(address: TrialAddress): void;
}

/** Stream kind of a trial's main stream (index 0). Kinds are per simulation, so these cannot collide with built-ins. */
export const TRIAL_STREAM_KIND = 0;
/** Stream kind of the sub-streams `rng.stream(k)` (index k). */
export const SUB_STREAM_KIND = 1;

const TWO_POW_32 = 4294967296;

function badArgument(call: string, need: string, got: unknown): RangeError {
  return new RangeError(`rng.${call} needs ${need} (got ${String(got)})`);
}

/** Shared by a trial's main stream and its sub-streams: where the trial is, and which trial-model call this is. */
interface TrialState {
  seed: number;
  point: number;
  trial: number;
  /** Bumped at every `seed`: a sub-stream whose epoch is older starts again at the beginning of its stream. */
  epoch: number;
  readonly subStreams: Map<number, StreamRng>;
}

class StreamRng implements Rng {
  readonly gen = new Xoshiro128();
  epoch = -1;
  readonly state: TrialState;

  constructor(state: TrialState) {
    this.state = state;
  }

  uniform(lo?: number, hi?: number): number {
    const u = this.gen.nextDouble();
    if (lo === undefined && hi === undefined) return u;
    const a = lo ?? 0;
    const b = hi ?? 1;
    if (!(a <= b)) throw badArgument("uniform(lo, hi)", "lo ≤ hi", `${a}, ${b}`);
    return a + (b - a) * u;
  }

  normal(mean = 0, sd = 1): number {
    if (!(sd >= 0)) throw badArgument("normal(mean, sd)", "sd ≥ 0", sd);
    return mean + sd * normal(this.gen);
  }

  exponential(rate = 1): number {
    if (!(rate > 0)) throw badArgument("exponential(rate)", "rate > 0", rate);
    return exponential(this.gen) / rate;
  }

  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw badArgument("bernoulli(p)", "0 ≤ p ≤ 1", p);
    return bernoulli(this.gen, p);
  }

  poisson(mean: number): number {
    if (!(mean >= 0 && mean < Number.POSITIVE_INFINITY)) throw badArgument("poisson(mean)", "a finite mean ≥ 0", mean);
    return poisson(this.gen, mean);
  }

  int(lo: number, hi: number): number {
    if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && lo <= hi && hi - lo < TWO_POW_32)) {
      throw badArgument("int(lo, hi)", "integers lo ≤ hi with hi − lo < 2^32", `${lo}, ${hi}`);
    }
    return uniformInt(this.gen, lo, hi);
  }

  stream(k: number): Rng {
    if (!(Number.isInteger(k) && k >= 0 && k < TWO_POW_32))
      throw badArgument("stream(k)", "an integer in [0, 2^32)", k);
    const s = this.state;
    let sub = s.subStreams.get(k);
    if (sub === undefined) {
      sub = new StreamRng(s);
      s.subStreams.set(k, sub);
    }
    if (sub.epoch !== s.epoch) {
      seedStream(sub.gen, s.seed, s.point, s.trial, SUB_STREAM_KIND, k);
      sub.epoch = s.epoch;
    }
    return sub;
  }
}

class TrialRng extends StreamRng implements KernelRng {
  seed(address: TrialAddress): void {
    const s = this.state;
    s.seed = address.seed;
    s.point = address.point;
    s.trial = address.trial;
    s.epoch++;
    seedStream(this.gen, address.seed, address.point, address.trial, TRIAL_STREAM_KIND, 0);
  }
}

/**
 * A reusable trial generator: `seed(address)` puts it at the start of the trial's stream (seed, point, trial,
 * TRIAL_STREAM_KIND, 0); `stream(k)` is (seed, point, trial, SUB_STREAM_KIND, k). Stream states come from core's
 * Philox4x32-10 keyed by the seed (`seedStream`), so the numbers are those a `trial` simulation sees. Allocates
 * nothing per trial once every sub-stream in use has been created.
 * @example
 * const rng = createTrialRng();
 * rng.seed({ seed: 1, point: 0, trial: 0 });
 * rng.uniform(); // the first uniform of trial 0
 */
export function createTrialRng(): KernelRng {
  return new TrialRng({ seed: 0, point: 0, trial: 0, epoch: 0, subStreams: new Map() });
}

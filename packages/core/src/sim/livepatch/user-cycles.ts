import { exponential } from "../../rng/distributions.ts";
import type { Xoshiro128 } from "../../rng/xoshiro.ts";
import { MECHANISTIC as B, STREAM } from "./constants.ts";
import { ExposureBudget, hazard } from "./exposure-budget.ts";
import { draw } from "./lognormal.ts";
import type { MechanisticConfig } from "./mechanistic-config.ts";
import { sleepLength } from "./mechanistic-cycles.ts";
import type { StreamPool } from "./streams.ts";

/** Bits of a cycle: it sleeps; exposure of its first K_RUN, its sleep, its second K_RUN; unreliable sleep. */
export const CYCLE = { sleeps: 1, s1: 2, sS: 4, s2: 8, uS: 16 } as const;

/** Cached cycles per trial over all users [I]: a memory bound (≈ 33 B each), 48 per user at most. */
const CACHE_SLOTS = 500_000;
const MAX_PER_USER = 48;

/**
 * The cycles of the cycle-by-cycle users (server, daemon, dstate) after their t = 0 state, as durations
 * (U_RUN, K_RUN₁, sleep, K_RUN₂) and bits, drawn from the user's (phase, i), (block, i), (sleep, i) and
 * (unrel, i) streams in cycle order. The draws do not depend on the times the models ask about, so every model
 * of a trial sees the same cycles; the first model to reach a cycle draws it and caches it for the others
 * (kpatch's attempts walk every user to 8 s, Ksplice's to 4 s: the second walk replays). The streams' states
 * and the exposure budget after the last cached cycle are kept, so a run that goes past the cache end continues
 * exactly where the first run would have (the draws after a full cache are not kept: later runs redraw them).
 * A user redrawn far ahead (`regen`) takes its later cycles from its (regen, i) stream, uncached.
 *
 * Exposures come from an `ExposureBudget` on the user's block stream (one Exp draw per exposed episode).
 * [I] The sleep decision compares one 32-bit draw with ⌈0.7·2³²⌉ (an error below 2.4e-10).
 */
export class UserCycles {
  /** The cycle `next` produced. */
  u = 0;
  k1 = 0;
  s = 0;
  k2 = 0;
  bits = 0;
  declare private readonly cap: number;
  declare private readonly len: Int32Array;
  declare private readonly dur: Float64Array;
  declare private readonly cbits: Uint8Array;
  declare private readonly used: Int32Array;
  /** Per run: 0 = streams not positioned yet, 1 = positioned, 2 = regen mode. */
  declare private readonly live: Uint8Array;
  declare private readonly budget: ExposureBudget;
  /** Per user, after its last cached cycle: the phase, block, sleep and unrel streams (4 words each), the budget. */
  declare private readonly savedStreams: Uint32Array;
  declare private readonly savedBudget: Float64Array;
  /** Per class: hazard −ln(1 − p) of a sleep's exposure; and of a running episode's; sleep threshold in 2^32ths. */
  declare private readonly hSleep: Float64Array;
  declare private readonly hRun: number;
  declare private readonly sleepU32: Float64Array;
  declare private readonly cls: Uint8Array;
  declare private readonly cfg: MechanisticConfig;
  declare private readonly streams: StreamPool;
  declare private readonly unrel: number;

  constructor(nUser: number, cls: Uint8Array, cfg: MechanisticConfig, streams: StreamPool, unrel: number) {
    this.cls = cls;
    this.cfg = cfg;
    this.streams = streams;
    this.unrel = unrel;
    this.cap = Math.min(MAX_PER_USER, Math.floor(CACHE_SLOTS / Math.max(1, nUser)));
    this.len = new Int32Array(nUser);
    this.dur = new Float64Array(nUser * this.cap * 4);
    this.cbits = new Uint8Array(nUser * this.cap);
    this.used = new Int32Array(nUser);
    this.live = new Uint8Array(nUser);
    this.budget = new ExposureBudget(nUser);
    this.savedStreams = new Uint32Array(16 * nUser);
    this.savedBudget = new Float64Array(nUser);
    this.hSleep = cfg.pSleep.map(hazard);
    this.hRun = hazard(cfg.pRun);
    this.sleepU32 = cfg.sleepProb.map((p) => Math.ceil(p * 2 ** 32));
  }

  /** A new trial: nothing cached. */
  beginTrial(): void {
    this.len.fill(0);
  }

  /** A new model run: every user is at its first cycle after t = 0 again. */
  beginRun(): void {
    this.used.fill(0);
    this.live.fill(0);
    this.budget.reset();
  }

  /** From now on (this run) user i draws its cycles from (regen, i), with a fresh hazard budget. */
  regen(i: number): void {
    this.live[i] = 2;
  }

  /** Produces user i's next cycle into (u, k1, s, k2, bits). */
  next(i: number): void {
    const k = this.used[i]++;
    const live = this.live[i];
    if (live !== 2 && k < this.len[i]) {
      const at = i * this.cap + k;
      const d = 4 * at;
      this.u = this.dur[d];
      this.k1 = this.dur[d + 1];
      this.s = this.dur[d + 2];
      this.k2 = this.dur[d + 3];
      this.bits = this.cbits[at];
      return;
    }
    if (live === 2) {
      const g = this.streams.get(STREAM.regen, i);
      this.drawCycle(i, g, g, g, g);
      return;
    }
    const gp = this.streams.get(STREAM.phase, i);
    const gb = this.streams.get(STREAM.block, i);
    const gs = this.streams.get(STREAM.sleep, i);
    const gu = this.unrel > 0 ? this.streams.get(STREAM.unrel, i) : gb;
    if (live === 0) {
      // First draw of this run: resume the streams after the cached cycles (k = the cache's length here).
      this.live[i] = 1;
      if (k > 0) this.resume(i, gp, gb, gs, gu);
    }
    this.drawCycle(i, gp, gb, gs, gu);
    if (k === this.len[i] && k < this.cap) {
      const at = i * this.cap + k;
      const d = 4 * at;
      this.dur[d] = this.u;
      this.dur[d + 1] = this.k1;
      this.dur[d + 2] = this.s;
      this.dur[d + 3] = this.k2;
      this.cbits[at] = this.bits;
      this.len[i] = k + 1;
      this.save(i, gp, gb, gs, gu);
    }
  }

  private save(i: number, gp: Xoshiro128, gb: Xoshiro128, gs: Xoshiro128, gu: Xoshiro128): void {
    const w = this.savedStreams;
    const at = 16 * i;
    gp.saveState(w, at);
    gb.saveState(w, at + 4);
    gs.saveState(w, at + 8);
    if (this.unrel > 0) gu.saveState(w, at + 12);
    this.savedBudget[i] = this.budget.remaining(i);
  }

  private resume(i: number, gp: Xoshiro128, gb: Xoshiro128, gs: Xoshiro128, gu: Xoshiro128): void {
    const w = this.savedStreams;
    const at = 16 * i;
    gp.setState(w[at], w[at + 1], w[at + 2], w[at + 3]);
    gb.setState(w[at + 4], w[at + 5], w[at + 6], w[at + 7]);
    gs.setState(w[at + 8], w[at + 9], w[at + 10], w[at + 11]);
    if (this.unrel > 0) gu.setState(w[at + 12], w[at + 13], w[at + 14], w[at + 15]);
    this.budget.restore(i, this.savedBudget[i]);
  }

  private drawCycle(i: number, gp: Xoshiro128, gb: Xoshiro128, gs: Xoshiro128, gu: Xoshiro128): void {
    const c = this.cls[i];
    const cfg = this.cfg;
    const hRun = this.hRun;
    const budget = this.budget;
    this.u = cfg.userMean[c] * exponential(gp);
    this.k1 = B.SYSCALL_RUN_MEAN * exponential(gp);
    let bits = budget.spend(i, gb, hRun) === 1 ? CYCLE.s1 : 0;
    const threshold = this.sleepU32[c];
    if (threshold > 0 && gp.nextU32() < threshold) {
      bits |= CYCLE.sleeps;
      this.s = sleepLength(cfg, c, gs);
      if (budget.spend(i, gb, this.hSleep[c]) === 1) bits |= CYCLE.sS;
      this.k2 = B.SYSCALL_RUN_MEAN * exponential(gp);
      if (budget.spend(i, gb, hRun) === 1) bits |= CYCLE.s2;
      if (this.unrel > 0 && draw(gu, this.unrel) === 1) bits |= CYCLE.uS;
    } else {
      this.s = 0;
      this.k2 = 0;
    }
    this.bits = bits;
  }
}

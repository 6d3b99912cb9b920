import { exponential, normal } from "../../rng/distributions.ts";
import type { Xoshiro128 } from "../../rng/xoshiro.ts";
import { MECHANISTIC as B, CLASS, PHASE } from "./constants.ts";
import { draw } from "./lognormal.ts";
import type { MechanisticConfig } from "./mechanistic-config.ts";

/**
 * The cycle in progress of every task of the mechanistic workload (§2.3), as boundaries: `e0` end of U_RUN
 * (syscall entry), `e1` end of the first K_RUN, `e2` end of the sleep (= e1 when it does not sleep), `e3` exit
 * (= e1 without sleep); `tick` the first user-IRQ return within U_RUN (+Inf if none); `sk` the sleep's phase
 * (K_SLEEP_I / K_SLEEP_U, 0 = none); `s1`, `sS`, `s2` the exposure of the three kernel episodes; `uS` whether
 * the sleep's stack is unreliable (`livepatch.unreliableMode: sticky`). A kthread's cycle is a sleep ending at
 * `e1` then a K_RUN ending at `e3` (`sS`, `uS`, `s1`); an idle task's is IDLE_ON until `e1`, IDLE_OFF until `e3`.
 */
export class Cycles {
  readonly e0: Float64Array;
  readonly e1: Float64Array;
  readonly e2: Float64Array;
  readonly e3: Float64Array;
  readonly tick: Float64Array;
  readonly sk: Uint8Array;
  readonly s1: Uint8Array;
  readonly sS: Uint8Array;
  readonly s2: Uint8Array;
  readonly uS: Uint8Array;

  constructor(n: number) {
    this.e0 = new Float64Array(n);
    this.e1 = new Float64Array(n);
    this.e2 = new Float64Array(n);
    this.e3 = new Float64Array(n);
    this.tick = new Float64Array(n);
    this.sk = new Uint8Array(n);
    this.s1 = new Uint8Array(n);
    this.sS = new Uint8Array(n);
    this.s2 = new Uint8Array(n);
    this.uS = new Uint8Array(n);
  }
}

/** A capped LogNormal sleep of class c (the parked daemon: exactly PARKED_SLEEP). */
export function sleepLength(cfg: MechanisticConfig, c: number, g: Xoshiro128): number {
  if (c === CLASS.parked) return B.PARKED_SLEEP;
  const x = Math.exp(cfg.mu[c] + cfg.sigma[c] * normal(g));
  return Math.min(x, cfg.cap[c]);
}

/** Remaining time of a sleep in progress at a random instant (length-biased sleep × U(0,1)). */
function residualSleep(cfg: MechanisticConfig, c: number, g: Xoshiro128): number {
  const mu = cfg.mu[c];
  const sigma = cfg.sigma[c];
  const cap = cfg.cap[c];
  let len: number;
  if (cap < Number.POSITIVE_INFINITY && g.nextDouble() < cfg.capAtom[c]) {
    len = cap;
  } else {
    // Length-biased LogNormal(μ, σ) is LogNormal(μ + σ², σ); truncated below the cap by rejection.
    do {
      len = Math.exp(mu + sigma * sigma + sigma * normal(g));
    } while (len >= cap);
  }
  return len * g.nextDouble();
}

/**
 * Draws user i's stationary state at time `at` (phase ∝ mean duration, a sleep in progress length-biased) from
 * `g` into `s`. `tickPeriod` = 1/hz; `unrel` = P(unreliable stack) of a sleep (0: no draw).
 */
export function initUser(
  s: Cycles,
  i: number,
  c: number,
  g: Xoshiro128,
  cfg: MechanisticConfig,
  tickPeriod: number,
  unrel: number,
  at = 0,
): void {
  const pRun = cfg.pRun;
  let e0 = 0;
  let tick = Number.POSITIVE_INFINITY;
  let e1: number;
  let e2: number;
  let e3: number;
  let sk = 0;
  let s1 = 0;
  let sS = 0;
  let s2 = 0;
  const sleepPhase = c === CLASS.dstate ? PHASE.kSleepU : PHASE.kSleepI;
  if (c === CLASS.parked) {
    // [I] The irqbalance-like daemon is asleep in the patched function at t = 0 for its whole 600 s sleep.
    e1 = 0;
    e2 = B.PARKED_SLEEP;
    e3 = e2 + B.SYSCALL_RUN_MEAN * exponential(g);
    sk = PHASE.kSleepI;
    sS = 1;
    s2 = draw(g, pRun);
  } else {
    const sp = cfg.sleepProb[c];
    const wU = cfg.wU[c];
    const wK1 = cfg.wK1[c];
    const wS = cfg.wS[c];
    const wK2 = sp * B.SYSCALL_RUN_MEAN;
    const u = g.nextDouble() * (wU + wK1 + wS + wK2);
    if (u < wU + wK1) {
      if (u < wU) {
        e0 = cfg.userMean[c] * exponential(g);
        const tk = tickPeriod * g.nextDouble();
        if (tk < e0) tick = tk;
        e1 = e0 + B.SYSCALL_RUN_MEAN * exponential(g);
      } else {
        e1 = B.SYSCALL_RUN_MEAN * exponential(g);
      }
      s1 = draw(g, pRun);
      if (sp > 0 && (sp >= 1 || g.nextDouble() < sp)) {
        sk = sleepPhase;
        e2 = e1 + sleepLength(cfg, c, g);
        sS = draw(g, cfg.pSleep[c]);
        e3 = e2 + B.SYSCALL_RUN_MEAN * exponential(g);
        s2 = draw(g, pRun);
      } else {
        e2 = e1;
        e3 = e1;
      }
    } else if (u < wU + wK1 + wS) {
      e1 = 0;
      sk = sleepPhase;
      e2 = residualSleep(cfg, c, g);
      sS = draw(g, cfg.pSleep[c]);
      e3 = e2 + B.SYSCALL_RUN_MEAN * exponential(g);
      s2 = draw(g, pRun);
    } else {
      e1 = 0;
      e2 = 0;
      sk = sleepPhase;
      e3 = B.SYSCALL_RUN_MEAN * exponential(g);
      s2 = draw(g, pRun);
    }
  }
  s.e0[i] = e0 + at;
  s.tick[i] = tick + at;
  s.e1[i] = e1 + at;
  s.e2[i] = e2 + at;
  s.e3[i] = e3 + at;
  s.sk[i] = sk;
  s.s1[i] = s1;
  s.sS[i] = sS;
  s.s2[i] = s2;
  s.uS[i] = sk !== 0 ? draw(g, unrel) : 0;
}

/** Kthread i's stationary state at t = 0: asleep (∝ mean sleep) or running; CPU-bound ones run forever. */
export function initKthread(
  s: Cycles,
  i: number,
  c: number,
  g: Xoshiro128,
  cfg: MechanisticConfig,
  unrel: number,
): void {
  if (c === CLASS.kthreadCpuBound) {
    s.e1[i] = 0;
    s.e3[i] = Number.POSITIVE_INFINITY;
    return;
  }
  const sleepMean = cfg.kthreadSleep[c];
  const run = B.KTHREAD_RUN_MEAN;
  if (g.nextDouble() * (sleepMean + run) < sleepMean) {
    const e1 = sleepMean * exponential(g);
    s.e1[i] = e1;
    s.e3[i] = e1 + run * exponential(g);
  } else {
    s.e1[i] = 0;
    s.e3[i] = run * exponential(g);
  }
  s.sS[i] = draw(g, cfg.pSleep[c]);
  // The parked kthread runs its loop outside the patched function.
  s.s1[i] = c === CLASS.kthreadParked ? 0 : draw(g, cfg.pRun);
  s.uS[i] = draw(g, unrel);
}

/** Idle task j's stationary state at t = 0: IDLE_ON (∝ idle period) or IDLE_OFF. */
export function initIdle(s: Cycles, j: number, g: Xoshiro128, cfg: MechanisticConfig): void {
  if (g.nextDouble() * (cfg.idleOn + cfg.idleOff) < cfg.idleOn) {
    const e1 = cfg.idleOn * exponential(g);
    s.e1[j] = e1;
    s.e3[j] = e1 + cfg.idleOff * exponential(g);
  } else {
    s.e1[j] = 0;
    s.e3[j] = cfg.idleOff * exponential(g);
  }
}

import { exponential } from "../../rng/distributions.ts";
import { createPhiloxRecords, type PhiloxRecords } from "../../rng/philox-batch.ts";
import { seedStreams, setStreamState } from "../../rng/stream.ts";
import { Xoshiro128 } from "../../rng/xoshiro.ts";
import { MECHANISTIC as B, CLASS, PHASE, STREAM } from "./constants.ts";
import { ExposureBudget, hazard } from "./exposure-budget.ts";
import { draw, stillInFirst } from "./lognormal.ts";
import { assignClasses, MechanisticConfig } from "./mechanistic-config.ts";
import { Cycles, initIdle, initKthread, initUser } from "./mechanistic-cycles.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";
import { CYCLE, UserCycles } from "./user-cycles.ts";
import { WorkloadTasks } from "./workload-tasks.ts";

/** Index offset of the streams that draw a task's stationary state at t = 0: (phase, INIT_INDEX + task). */
const INIT_INDEX = 0x40000000;
/**
 * [I] A user asked about a time more than this many mean cycles, and at least REGEN_GAP seconds, past its current
 * cycle is drawn afresh in its stationary state there (a renewal process forgets its start): O(1) instead of
 * simulating every cycle. Only a reverse transition (every task asked about at the 75 s deadline) goes that far;
 * stop_machine attempts (≤ 8.2 s) and signals stay exact.
 */
const REGEN_CYCLES = 20;
const REGEN_GAP = 30;

/**
 * The task processes of Layer B, the mechanistic workload of §2.3 (constants in `MECHANISTIC`, per-class values in `MechanisticConfig`,
 * the cycle layout in `Cycles`).
 *
 * Start: every task is drawn in its stationary state from its own init stream (phase, 2^30 + i), once per trial,
 * and every model restarts from that snapshot: all models see the same t = 0 state (who is blocked, who runs, how
 * long each sleep lasts). Later cycles are drawn from the task's (phase, i), (sleep, i), (block, i) and (unrel, i)
 * streams as the process is advanced lazily to the times the models ask about. Server, daemon and dstate cycles
 * (LogNormal sleeps) are simulated cycle by cycle; cpuBound users, kthreads and idle CPUs alternate two Exp phases,
 * a two-state Markov chain, so [I] they jump straight to their state at the asked time (exact in distribution,
 * O(1) however far ahead). A jump's draws depend on the times asked, so after t = 0 two models that look at such
 * a task at different times see statistically equal, not identical, trajectories. `MechanisticWorkload` answers
 * the models' questions from these processes.
 */
export class MechanisticProcesses extends WorkloadTasks {
  declare protected readonly cfg: MechanisticConfig;
  declare protected readonly cls: Uint8Array;
  declare protected readonly tickPeriod: number;
  declare protected readonly pRun: number;
  declare protected readonly idleOn: number;
  declare protected readonly idleOff: number;

  // The current cycle of each task (layout: `Cycles`) and its t = 0 snapshot.
  declare protected readonly e0: Float64Array;
  declare protected readonly e1: Float64Array;
  declare protected readonly e2: Float64Array;
  declare protected readonly e3: Float64Array;
  declare protected readonly tick: Float64Array;
  declare protected readonly sk: Uint8Array;
  declare protected readonly s1: Uint8Array;
  declare protected readonly sS: Uint8Array;
  declare protected readonly s2: Uint8Array;
  declare protected readonly uS: Uint8Array;
  declare protected readonly snap: Cycles;
  declare protected readonly cur: Cycles;
  declare protected readonly cycles: UserCycles;
  /** Exposures of the Markov-jump classes' episodes (cpuBound users, kthreads) after t = 0. */
  declare protected readonly budget: ExposureBudget;
  declare protected readonly hRun: number;
  declare protected readonly hSleep: Float64Array;
  protected readonly init = new Xoshiro128();
  /** States of the (phase, INIT_INDEX + task) streams of the current trial, 4 words per task. */
  declare protected readonly initStates: PhiloxRecords | null;

  constructor(p: LivepatchParams, streams: StreamPool) {
    super(p, streams, p.mechanistic.cpuBoundKthreads);
    this.tickPeriod = 1 / p.hz;
    const cfg = new MechanisticConfig(p);
    this.cfg = cfg;
    this.pRun = cfg.pRun;
    this.idleOn = cfg.idleOn;
    this.idleOff = cfg.idleOff;
    this.cls = assignClasses(p, this.nTasks, cfg.parkedDaemon);
    this.cycles = new UserCycles(this.nUser, this.cls, cfg, streams, this.unrel);
    this.budget = new ExposureBudget(this.nTasks);
    this.hRun = hazard(cfg.pRun);
    this.hSleep = cfg.pSleep.map(hazard);
    const n = this.nTasks;
    this.initStates = n > 0 ? createPhiloxRecords(n) : null;
    const cur = new Cycles(n);
    this.cur = cur;
    this.snap = new Cycles(n);
    this.e0 = cur.e0;
    this.e1 = cur.e1;
    this.e2 = cur.e2;
    this.e3 = cur.e3;
    this.tick = cur.tick;
    this.sk = cur.sk;
    this.s1 = cur.s1;
    this.sS = cur.sS;
    this.s2 = cur.s2;
    this.uS = cur.uS;
  }

  /** Draws every task's stationary state at t = 0 for trial (seed, point, trial) into the snapshot. */
  beginTrial(seed: number, point: number, trial: number): void {
    const g = this.init;
    // Every task needs its t = 0 stream: derive them all in one batch call (same states as seedStream per task).
    this.cycles.beginTrial();
    const states = this.initStates;
    if (states === null) return;
    seedStreams(states, 0, seed, point, trial, STREAM.phase, INIT_INDEX, this.nTasks);
    const { cfg, snap, cls } = this;
    for (let i = 0; i < this.nTasks; i++) {
      setStreamState(g, states.words, i);
      if (i < this.nUser) initUser(snap, i, cls[i], g, cfg, this.tickPeriod, this.unrel);
      else if (i < this.nThreads) initKthread(snap, i, cls[i], g, cfg, this.unrel);
      else initIdle(snap, i, g, cfg);
    }
  }

  begin(): void {
    this.cycles.beginRun();
    this.budget.reset();
    const s = this.snap;
    this.e0.set(s.e0);
    this.e1.set(s.e1);
    this.e2.set(s.e2);
    this.e3.set(s.e3);
    this.tick.set(s.tick);
    this.sk.set(s.sk);
    this.s1.set(s.s1);
    this.sS.set(s.sS);
    this.s2.set(s.s2);
    this.uS.set(s.uS);
  }

  protected newUserCycle(i: number, t0: number): void {
    const cy = this.cycles;
    cy.next(i);
    const b = cy.bits;
    const e0 = t0 + cy.u;
    this.e0[i] = e0;
    // Only the first cycle's user-IRQ return can matter: a pending task switches at the exit that ends its
    // first cycle, so later cycles are only ever looked at by stop_machine snapshots, where ticks are moot.
    this.tick[i] = Number.POSITIVE_INFINITY;
    const e1 = e0 + cy.k1;
    this.e1[i] = e1;
    this.s1[i] = b & CYCLE.s1 ? 1 : 0;
    if (b & CYCLE.sleeps) {
      this.sk[i] = this.cls[i] === CLASS.dstate ? PHASE.kSleepU : PHASE.kSleepI;
      const e2 = e1 + cy.s;
      this.e2[i] = e2;
      this.e3[i] = e2 + cy.k2;
      this.sS[i] = b & CYCLE.sS ? 1 : 0;
      this.s2[i] = b & CYCLE.s2 ? 1 : 0;
      this.uS[i] = b & CYCLE.uS ? 1 : 0;
    } else {
      this.sk[i] = 0;
      this.e2[i] = e1;
      this.e3[i] = e1;
      this.sS[i] = 0;
      this.s2[i] = 0;
      this.uS[i] = 0;
    }
  }

  protected advanceUser(i: number, t: number): void {
    if (this.e3[i] > t) return;
    if (this.cls[i] === CLASS.cpuBound) {
      // U_RUN Exp(0.1 s) ↔ K_RUN Exp(20 µs) is a two-state Markov chain: jump straight to its state at t.
      const gp = this.streams.get(STREAM.phase, i);
      const gb = this.streams.get(STREAM.block, i);
      const mU = this.cfg.userMean[CLASS.cpuBound];
      const mK = B.SYSCALL_RUN_MEAN;
      if (gp.nextDouble() < stillInFirst(mU, mK, t - this.e3[i])) {
        this.e0[i] = t + mU * exponential(gp);
        this.e1[i] = this.e0[i] + mK * exponential(gp);
      } else {
        this.e0[i] = t;
        this.e1[i] = t + mK * exponential(gp);
      }
      this.tick[i] = Number.POSITIVE_INFINITY;
      this.e2[i] = this.e1[i];
      this.e3[i] = this.e1[i];
      this.sk[i] = 0;
      this.s1[i] = this.budget.spend(i, gb, this.hRun);
      return;
    }
    const c = this.cls[i];
    const gap = t - this.e3[i];
    if (c !== CLASS.parked && gap > REGEN_GAP && gap > REGEN_CYCLES * this.cfg.cycleMean[c]) {
      // The drawn user-IRQ return counts: a reverse transition switches a user back at its next return to user.
      initUser(this.cur, i, c, this.streams.get(STREAM.regen, i), this.cfg, this.tickPeriod, this.unrel, t);
      this.cycles.regen(i);
      return;
    }
    do this.newUserCycle(i, this.e3[i]);
    while (this.e3[i] <= t);
  }

  protected advanceKthread(i: number, t: number): void {
    if (this.e3[i] > t) return;
    // Sleep Exp(mean) ↔ K_RUN Exp(50 µs) is a two-state Markov chain that restarted asleep at e3: jump to its
    // state at t (exact in distribution, O(1) however far t is); every episode's exposure is a fresh draw.
    const c = this.cls[i];
    const gp = this.streams.get(STREAM.phase, i);
    const gb = this.streams.get(STREAM.block, i);
    const mS = this.cfg.kthreadSleep[c];
    const mR = B.KTHREAD_RUN_MEAN;
    if (gp.nextDouble() < stillInFirst(mS, mR, t - this.e3[i])) {
      const e1 = t + mS * exponential(gp);
      this.e1[i] = e1;
      this.e3[i] = e1 + mR * exponential(gp);
    } else {
      this.e1[i] = t;
      this.e3[i] = t + mR * exponential(gp);
    }
    // Exposures of the episodes the jump lands in: the sleep (if t is in one), then the run that follows it.
    const asleep = t < this.e1[i];
    this.sS[i] = asleep ? this.budget.spend(i, gb, this.hSleep[c]) : 0;
    this.s1[i] = c === CLASS.kthreadParked ? 0 : this.budget.spend(i, gb, this.hRun);
    if (this.unrel > 0) this.uS[i] = draw(this.streams.get(STREAM.unrel, i), this.unrel);
  }

  protected advanceIdle(j: number, t: number): void {
    if (this.e3[j] > t) return;
    // IDLE_ON ↔ IDLE_OFF (Exp): the same Markov jump, restarting in IDLE_ON at e3.
    const gp = this.streams.get(STREAM.phase, j);
    const on = this.idleOn;
    const off = this.idleOff;
    if (gp.nextDouble() < stillInFirst(on, off, t - this.e3[j])) {
      const e1 = t + on * exponential(gp);
      this.e1[j] = e1;
      this.e3[j] = e1 + off * exponential(gp);
    } else {
      this.e1[j] = t;
      this.e3[j] = t + off * exponential(gp);
    }
  }
}

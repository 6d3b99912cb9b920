import { bernoulli, exponential, normal } from "../../rng/distributions.ts";
import { createPhiloxRecords, type PhiloxRecords } from "../../rng/philox-batch.ts";
import { seedStreams, setStreamState } from "../../rng/stream.ts";
import { Xoshiro128 } from "../../rng/xoshiro.ts";
import { MECHANISTIC as B, CLASS, PHASE, PRESETS, STREAM } from "./constants.ts";
import { freezableMask } from "./freezable.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";
import { VIEW, type Workload } from "./workload.ts";

/** Index offset of the streams that draw a task's stationary state at t = 0: (phase, INIT_INDEX + task). */
const INIT_INDEX = 0x40000000;

/**
 * Layer B, the mechanistic workload of §2.3 (every value [I], constants in `MECHANISTIC`).
 *
 * A user cycles U_RUN → syscall → K_RUN → (sleep → K_RUN) → exit. The cycle in progress is held as four
 * boundaries: `e0` end of U_RUN (syscall entry), `e1` end of the first K_RUN, `e2` end of the sleep (= e1 when it
 * does not sleep), `e3` exit (= e1 without sleep); `tick` is the first user-IRQ return within U_RUN (+Inf if
 * none); `s1`, `sS`, `s2` the patched-function exposure of the three kernel episodes (drawn at their start,
 * Bern(pRun) / Bern(pSleep[class])). A kthread's cycle is a sleep ending at `e1` then a K_RUN ending at `e3`
 * (`sS`, `s1`); an idle task's is IDLE_ON until `e1` then IDLE_OFF until `e3`.
 *
 * Start: every task is drawn in its stationary state (phase ∝ mean duration; Exp phases memoryless; a sleep
 * in progress is length-biased — LogNormal(μ + σ², σ) scaled by U(0,1), with the cap's atom for daemons) from
 * its own init stream (phase, 2^30 + i), once per trial, and every model restarts from that snapshot: all models
 * see the same t = 0 state (who is blocked, who runs, how long each sleep lasts). Later cycles are drawn from the
 * task's (phase, i), (sleep, i) and (block, i) streams as the process is advanced lazily to the times the models
 * ask about. Server, daemon and dstate cycles (LogNormal sleeps) are simulated cycle by cycle; cpuBound users,
 * kthreads and idle CPUs alternate two Exp phases, a two-state Markov chain, so [I] they jump straight to their
 * state at the asked time (exact in distribution, O(1) however far ahead — this keeps stop_machine snapshots
 * seconds apart cheap). A jump's draws depend on the times asked, so after t = 0 two models that look at such a
 * task at different times see statistically equal, not identical, trajectories.
 */
export class MechanisticWorkload implements Workload {
  declare readonly nUser: number;
  declare readonly nKthread: number;
  declare readonly nThreads: number;
  declare readonly nTasks: number;
  declare readonly cpuBoundKthreads: number;
  lastRestart = false;

  declare private readonly streams: StreamPool;
  declare private readonly cls: Uint8Array;
  declare private readonly freezable: Uint8Array;
  declare private readonly cpuBoundEnd: number;
  declare private readonly tickPeriod: number;
  declare private readonly pRun: number;
  /** Kthread exposure at sleep entry (pSleepK of the preset). */
  declare private readonly pSleepK: number;
  /** Per class: pSleep, sleep probability, LogNormal μ, σ, cap, stationary weights of U, K1, S, K2. */
  private readonly pSleep = new Float64Array(9);
  private readonly sleepProb = new Float64Array(9);
  private readonly mu = new Float64Array(9);
  private readonly sigma = new Float64Array(9);
  private readonly cap = new Float64Array(9);
  private readonly userMean = new Float64Array(9);
  private readonly wU = new Float64Array(9);
  private readonly wK1 = new Float64Array(9);
  private readonly wS = new Float64Array(9);
  private readonly capAtom = new Float64Array(9);

  // Current cycle of each task (see class comment) and its t = 0 snapshot.
  declare private readonly e0: Float64Array;
  declare private readonly e1: Float64Array;
  declare private readonly e2: Float64Array;
  declare private readonly e3: Float64Array;
  declare private readonly tick: Float64Array;
  declare private readonly sk: Uint8Array;
  declare private readonly s1: Uint8Array;
  declare private readonly sS: Uint8Array;
  declare private readonly s2: Uint8Array;
  declare private readonly i0: Float64Array;
  declare private readonly i1: Float64Array;
  declare private readonly i2: Float64Array;
  declare private readonly i3: Float64Array;
  declare private readonly iTick: Float64Array;
  declare private readonly iSk: Uint8Array;
  declare private readonly iS1: Uint8Array;
  declare private readonly iSS: Uint8Array;
  declare private readonly iS2: Uint8Array;
  private readonly init = new Xoshiro128();
  /** States of the (phase, INIT_INDEX + task) streams of the current trial, 4 words per task. */
  declare private readonly initStates: PhiloxRecords | null;

  constructor(p: LivepatchParams, streams: StreamPool) {
    this.streams = streams;
    this.nUser = p.nUser;
    this.nKthread = p.nKthread;
    this.nThreads = p.nUser + p.nKthread;
    this.nTasks = this.nThreads + (p.idleTasks ? p.nCpu : 0);
    this.cpuBoundKthreads = p.mechanistic.cpuBoundKthreads;
    this.cpuBoundEnd = this.nUser + this.cpuBoundKthreads;
    this.tickPeriod = 1 / p.hz;
    const preset = PRESETS[p.mechanistic.preset];
    this.pRun = preset.pRun;
    this.pSleepK = preset.pSleepK;
    this.cls = assignClasses(this.nTasks, this.nUser, this.nKthread, this.cpuBoundKthreads, preset.parked);
    this.freezable = freezableMask(this.nTasks, this.nUser, this.nKthread, p.kgraft.nonFreezableShare);

    const setUser = (c: number, pSleep: number, sleepProb: number, median: number, sigma: number, cap: number) => {
      this.pSleep[c] = pSleep;
      this.sleepProb[c] = sleepProb;
      this.mu[c] = Math.log(median);
      this.sigma[c] = sigma;
      this.cap[c] = cap;
      const meanSleep = sleepProb > 0 ? cappedLogNormalMean(Math.log(median), sigma, cap) : 0;
      this.userMean[c] = B.USER_RUN_MEAN;
      this.wU[c] = B.USER_RUN_MEAN;
      this.wK1[c] = B.SYSCALL_RUN_MEAN;
      this.wS[c] = sleepProb * meanSleep;
      // Stationary weight of the cap's atom among sleeps in progress: cap·P(L > cap) / E[min(L, cap)].
      this.capAtom[c] =
        cap < Number.POSITIVE_INFINITY && meanSleep > 0
          ? (cap * (1 - normalCdf((Math.log(cap) - Math.log(median)) / sigma))) / meanSleep
          : 0;
    };
    const inf = Number.POSITIVE_INFINITY;
    setUser(CLASS.server, preset.pSleepServer, B.SLEEP_PROB, B.SERVER_SLEEP_MEDIAN, B.SERVER_SLEEP_SIGMA, inf);
    setUser(
      CLASS.daemon,
      preset.pSleepDaemon,
      B.SLEEP_PROB,
      B.DAEMON_SLEEP_MEDIAN,
      B.DAEMON_SLEEP_SIGMA,
      B.DAEMON_SLEEP_CAP,
    );
    setUser(CLASS.dstate, preset.pSleepServer, 1, B.DSTATE_SLEEP_MEDIAN, B.DSTATE_SLEEP_SIGMA, inf);
    setUser(CLASS.parked, 1, 1, B.PARKED_SLEEP, 0, inf);
    // cpuBound: U_RUN until the next syscall (rate 10/s), K_RUN, exit; no sleep.
    this.userMean[CLASS.cpuBound] = 1 / B.CPU_BOUND_SYSCALL_RATE;
    this.wU[CLASS.cpuBound] = 1 / B.CPU_BOUND_SYSCALL_RATE;
    this.wK1[CLASS.cpuBound] = B.SYSCALL_RUN_MEAN;

    const n = this.nTasks;
    this.initStates = n > 0 ? createPhiloxRecords(n) : null;
    this.e0 = new Float64Array(n);
    this.e1 = new Float64Array(n);
    this.e2 = new Float64Array(n);
    this.e3 = new Float64Array(n);
    this.tick = new Float64Array(n);
    this.sk = new Uint8Array(n);
    this.s1 = new Uint8Array(n);
    this.sS = new Uint8Array(n);
    this.s2 = new Uint8Array(n);
    this.i0 = new Float64Array(n);
    this.i1 = new Float64Array(n);
    this.i2 = new Float64Array(n);
    this.i3 = new Float64Array(n);
    this.iTick = new Float64Array(n);
    this.iSk = new Uint8Array(n);
    this.iS1 = new Uint8Array(n);
    this.iSS = new Uint8Array(n);
    this.iS2 = new Uint8Array(n);
  }

  /** Draws every task's stationary state at t = 0 for trial (seed, point, trial) into the snapshot. */
  beginTrial(seed: number, point: number, trial: number): void {
    const g = this.init;
    // Every task needs its t = 0 stream: derive them all in one batch call (same states as seedStream per task).
    const states = this.initStates;
    if (states === null) return;
    seedStreams(states, 0, seed, point, trial, STREAM.phase, INIT_INDEX, this.nTasks);
    for (let i = 0; i < this.nTasks; i++) {
      setStreamState(g, states.words, i);
      if (i < this.nUser) this.initUser(i, g);
      else if (i < this.nThreads) this.initKthread(i, g);
      else this.initIdle(i, g);
    }
  }

  begin(): void {
    this.e0.set(this.i0);
    this.e1.set(this.i1);
    this.e2.set(this.i2);
    this.e3.set(this.i3);
    this.tick.set(this.iTick);
    this.sk.set(this.iSk);
    this.s1.set(this.iS1);
    this.sS.set(this.iSS);
    this.s2.set(this.iS2);
  }

  private initUser(i: number, g: Xoshiro128): void {
    const c = this.cls[i];
    const pRun = this.pRun;
    let e0 = 0;
    let tick = Number.POSITIVE_INFINITY;
    let e1: number;
    let e2: number;
    let e3: number;
    let sk = 0;
    let s1 = 0;
    let sS = 0;
    let s2 = 0;
    if (c === CLASS.parked) {
      // [I] The irqbalance-like daemon is asleep in the patched function at t = 0 for its whole 600 s sleep.
      e1 = 0;
      e2 = B.PARKED_SLEEP;
      e3 = e2 + B.SYSCALL_RUN_MEAN * exponential(g);
      sk = PHASE.kSleepI;
      sS = 1;
      s2 = draw(g, pRun);
    } else {
      const sp = this.sleepProb[c];
      const wU = this.wU[c];
      const wK1 = this.wK1[c];
      const wS = this.wS[c];
      const wK2 = sp * B.SYSCALL_RUN_MEAN;
      const u = g.nextDouble() * (wU + wK1 + wS + wK2);
      if (u < wU + wK1) {
        if (u < wU) {
          e0 = this.userMean[c] * exponential(g);
          const tk = this.tickPeriod * g.nextDouble();
          if (tk < e0) tick = tk;
          e1 = e0 + B.SYSCALL_RUN_MEAN * exponential(g);
        } else {
          e1 = B.SYSCALL_RUN_MEAN * exponential(g);
        }
        s1 = draw(g, pRun);
        if (sp > 0 && (sp >= 1 || g.nextDouble() < sp)) {
          sk = c === CLASS.dstate ? PHASE.kSleepU : PHASE.kSleepI;
          e2 = e1 + this.sleepLength(c, g);
          sS = draw(g, this.pSleep[c]);
          e3 = e2 + B.SYSCALL_RUN_MEAN * exponential(g);
          s2 = draw(g, pRun);
        } else {
          e2 = e1;
          e3 = e1;
        }
      } else if (u < wU + wK1 + wS) {
        e1 = 0;
        sk = c === CLASS.dstate ? PHASE.kSleepU : PHASE.kSleepI;
        e2 = this.residualSleep(c, g);
        sS = draw(g, this.pSleep[c]);
        e3 = e2 + B.SYSCALL_RUN_MEAN * exponential(g);
        s2 = draw(g, pRun);
      } else {
        e1 = 0;
        e2 = 0;
        sk = c === CLASS.dstate ? PHASE.kSleepU : PHASE.kSleepI;
        e3 = B.SYSCALL_RUN_MEAN * exponential(g);
        s2 = draw(g, pRun);
      }
    }
    this.i0[i] = e0;
    this.iTick[i] = tick;
    this.i1[i] = e1;
    this.i2[i] = e2;
    this.i3[i] = e3;
    this.iSk[i] = sk;
    this.iS1[i] = s1;
    this.iSS[i] = sS;
    this.iS2[i] = s2;
  }

  private initKthread(i: number, g: Xoshiro128): void {
    const c = this.cls[i];
    if (c === CLASS.kthreadCpuBound) {
      this.i1[i] = 0;
      this.i3[i] = Number.POSITIVE_INFINITY;
      return;
    }
    const sleepMean = c === CLASS.kthreadWorker ? B.KTHREAD_WORKER_SLEEP_MEAN : B.KTHREAD_SLEEPY_SLEEP_MEAN;
    const run = B.KTHREAD_RUN_MEAN;
    if (g.nextDouble() * (sleepMean + run) < sleepMean) {
      const e1 = sleepMean * exponential(g);
      this.i1[i] = e1;
      this.i3[i] = e1 + run * exponential(g);
    } else {
      this.i1[i] = 0;
      this.i3[i] = run * exponential(g);
    }
    this.iSS[i] = draw(g, this.pSleepK);
    this.iS1[i] = draw(g, this.pRun);
  }

  private initIdle(j: number, g: Xoshiro128): void {
    if (g.nextDouble() * (B.IDLE_ON_MEAN + B.IDLE_OFF_MEAN) < B.IDLE_ON_MEAN) {
      const e1 = B.IDLE_ON_MEAN * exponential(g);
      this.i1[j] = e1;
      this.i3[j] = e1 + B.IDLE_OFF_MEAN * exponential(g);
    } else {
      this.i1[j] = 0;
      this.i3[j] = B.IDLE_OFF_MEAN * exponential(g);
    }
  }

  private sleepLength(c: number, g: Xoshiro128): number {
    if (c === CLASS.parked) return B.PARKED_SLEEP;
    const x = Math.exp(this.mu[c] + this.sigma[c] * normal(g));
    const cap = this.cap[c];
    return Math.min(x, cap);
  }

  /** Remaining time of a sleep in progress at a random instant (length-biased sleep × U(0,1)). */
  private residualSleep(c: number, g: Xoshiro128): number {
    const mu = this.mu[c];
    const sigma = this.sigma[c];
    const cap = this.cap[c];
    let len: number;
    if (cap < Number.POSITIVE_INFINITY && g.nextDouble() < this.capAtom[c]) {
      len = cap;
    } else {
      // Length-biased LogNormal(μ, σ) is LogNormal(μ + σ², σ); truncated below the cap by rejection.
      do {
        len = Math.exp(mu + sigma * sigma + sigma * normal(g));
      } while (len >= cap);
    }
    return len * g.nextDouble();
  }

  private newUserCycle(i: number, t0: number): void {
    const c = this.cls[i];
    const gp = this.streams.get(STREAM.phase, i);
    const gb = this.streams.get(STREAM.block, i);
    const pRun = this.pRun;
    const e0 = t0 + this.userMean[c] * exponential(gp);
    this.e0[i] = e0;
    // Only the first cycle's user-IRQ return can matter: a pending task switches at the exit that ends its
    // first cycle, so later cycles are only ever looked at by stop_machine snapshots, where ticks are moot.
    this.tick[i] = Number.POSITIVE_INFINITY;
    const e1 = e0 + B.SYSCALL_RUN_MEAN * exponential(gp);
    this.e1[i] = e1;
    this.s1[i] = draw(gb, pRun);
    const sp = this.sleepProb[c];
    if (sp > 0 && (sp >= 1 || gp.nextDouble() < sp)) {
      this.sk[i] = c === CLASS.dstate ? PHASE.kSleepU : PHASE.kSleepI;
      const e2 = e1 + this.sleepLength(c, this.streams.get(STREAM.sleep, i));
      this.e2[i] = e2;
      this.sS[i] = draw(gb, this.pSleep[c]);
      this.e3[i] = e2 + B.SYSCALL_RUN_MEAN * exponential(gp);
      this.s2[i] = draw(gb, pRun);
    } else {
      this.sk[i] = 0;
      this.e2[i] = e1;
      this.e3[i] = e1;
      this.sS[i] = 0;
      this.s2[i] = 0;
    }
  }

  private advanceUser(i: number, t: number): void {
    if (this.e3[i] > t) return;
    if (this.cls[i] === CLASS.cpuBound) {
      // U_RUN Exp(0.1 s) ↔ K_RUN Exp(20 µs) is a two-state Markov chain: jump straight to its state at t.
      const gp = this.streams.get(STREAM.phase, i);
      const gb = this.streams.get(STREAM.block, i);
      const mU = this.userMean[CLASS.cpuBound];
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
      this.s1[i] = draw(gb, this.pRun);
      return;
    }
    do this.newUserCycle(i, this.e3[i]);
    while (this.e3[i] <= t);
  }

  private advanceKthread(i: number, t: number): void {
    if (this.e3[i] > t) return;
    // Sleep Exp(mean) ↔ K_RUN Exp(50 µs) is a two-state Markov chain that restarted asleep at e3: jump to its
    // state at t (exact in distribution, O(1) however far t is); every episode's exposure is a fresh draw.
    const c = this.cls[i];
    const gp = this.streams.get(STREAM.phase, i);
    const gb = this.streams.get(STREAM.block, i);
    const mS = c === CLASS.kthreadWorker ? B.KTHREAD_WORKER_SLEEP_MEAN : B.KTHREAD_SLEEPY_SLEEP_MEAN;
    const mR = B.KTHREAD_RUN_MEAN;
    if (gp.nextDouble() < stillInFirst(mS, mR, t - this.e3[i])) {
      const e1 = t + mS * exponential(gp);
      this.e1[i] = e1;
      this.e3[i] = e1 + mR * exponential(gp);
    } else {
      this.e1[i] = t;
      this.e3[i] = t + mR * exponential(gp);
    }
    this.sS[i] = draw(gb, this.pSleepK);
    this.s1[i] = draw(gb, this.pRun);
  }

  private advanceIdle(j: number, t: number): void {
    if (this.e3[j] > t) return;
    // IDLE_ON Exp(2 ms) ↔ IDLE_OFF Exp(1 ms): the same Markov jump, restarting in IDLE_ON at e3.
    const gp = this.streams.get(STREAM.phase, j);
    if (gp.nextDouble() < stillInFirst(B.IDLE_ON_MEAN, B.IDLE_OFF_MEAN, t - this.e3[j])) {
      const e1 = t + B.IDLE_ON_MEAN * exponential(gp);
      this.e1[j] = e1;
      this.e3[j] = e1 + B.IDLE_OFF_MEAN * exponential(gp);
    } else {
      this.e1[j] = t;
      this.e3[j] = t + B.IDLE_OFF_MEAN * exponential(gp);
    }
  }

  check(i: number, t: number): number {
    if (i < this.nUser) {
      this.advanceUser(i, t);
      if (t < this.e0[i]) return VIEW.onCpu;
      if (t < this.e1[i]) return VIEW.onCpu | (this.s1[i] === 1 ? VIEW.blocked : 0);
      if (t < this.e2[i]) return this.sS[i] === 1 ? VIEW.blocked : 0;
      return VIEW.onCpu | (this.s2[i] === 1 ? VIEW.blocked : 0);
    }
    if (i < this.cpuBoundEnd) {
      return VIEW.onCpu | (draw(this.streams.get(STREAM.block, i), this.pRun) === 1 ? VIEW.blocked : 0);
    }
    this.advanceKthread(i, t);
    if (t < this.e1[i]) return this.sS[i] === 1 ? VIEW.blocked : 0;
    return VIEW.onCpu | (this.s1[i] === 1 ? VIEW.blocked : 0);
  }

  alignCheck(_i: number, _k: number): void {}

  residual(i: number, t: number): number {
    // §2.5 Layer B: the time to the end of the current episode.
    if (i < this.nUser) {
      this.advanceUser(i, t);
      if (t < this.e0[i]) return this.e0[i] - t;
      if (t < this.e1[i]) return this.e1[i] - t;
      if (t < this.e2[i]) return this.e2[i] - t;
      return this.e3[i] - t;
    }
    if (i < this.cpuBoundEnd) {
      // [I] a CPU-bound kthread's patched frame returns by its next cond_resched() on average.
      return exponential(this.streams.get(STREAM.misc, i)) / B.CPU_BOUND_KTHREAD_COND_RESCHED_RATE;
    }
    this.advanceKthread(i, t);
    return (t < this.e1[i] ? this.e1[i] : this.e3[i]) - t;
  }

  nextExit(i: number, t: number): number {
    this.advanceUser(i, t);
    const tk = this.tick[i];
    const e3 = this.e3[i];
    return tk > t && tk < e3 ? tk : e3;
  }

  nextEntry(i: number, t: number): number {
    this.advanceUser(i, t);
    const e0 = this.e0[i];
    return e0 > t ? e0 : Number.POSITIVE_INFINITY;
  }

  signalUser(i: number, t: number, delay: number): number {
    this.advanceUser(i, t);
    this.lastRestart = false;
    if (t < this.e0[i]) return t + delay; // running in user mode: the IPI kick returns it to user
    const sk = this.sk[i];
    if (t < this.e1[i]) {
      // [I] In the kernel before an interruptible sleep: TIF_NOTIFY_SIGNAL makes the sleep return at once, so the
      // syscall exits at the end of this K_RUN.
      if (sk === PHASE.kSleepI) {
        this.sk[i] = 0;
        this.e2[i] = this.e1[i];
        this.e3[i] = this.e1[i];
        return this.e1[i];
      }
      return Number.POSITIVE_INFINITY;
    }
    if (t < this.e2[i]) {
      if (sk !== PHASE.kSleepI) return Number.POSITIVE_INFINITY; // TASK_UNINTERRUPTIBLE ignores it
      this.lastRestart = true;
      this.e2[i] = t;
      this.e3[i] = t + delay;
      return t + delay;
    }
    return Number.POSITIVE_INFINITY;
  }

  wakeKthread(i: number, t: number, _delay: number): boolean {
    if (i < this.cpuBoundEnd) return false;
    this.advanceKthread(i, t);
    if (t >= this.e1[i]) return false; // running
    // Woken: the sleep ends now, the K_RUN that follows keeps its length, the next sleep redraws its exposure.
    const run = this.e3[i] - this.e1[i];
    this.e1[i] = t;
    this.e3[i] = t + run;
    return true;
  }

  isFreezable(i: number): boolean {
    return this.freezable[i] === 1;
  }

  nextCondResched(i: number, t: number): number {
    return t + exponential(this.streams.get(STREAM.cr, i)) / B.CPU_BOUND_KTHREAD_COND_RESCHED_RATE;
  }

  condReschedClean(i: number, _t: number): boolean {
    // [I] The running kthread's stack holds a patched function at a cond_resched() call w.p. pRun.
    return draw(this.streams.get(STREAM.cr, i), this.pRun) === 0;
  }

  nextFreezableSleep(i: number, t: number): number {
    if (i < this.cpuBoundEnd) return Number.POSITIVE_INFINITY;
    this.advanceKthread(i, t);
    return this.e3[i];
  }

  freezableSleepClean(i: number, t: number): boolean {
    this.advanceKthread(i, t);
    return this.sS[i] === 0;
  }

  nextSafepoint(i: number, t: number, rate: number): number {
    return rate > 0 ? t + exponential(this.streams.get(STREAM.misc, i)) / rate : Number.POSITIVE_INFINITY;
  }

  idleCheck(j: number, t: number): number {
    this.advanceIdle(j, t);
    // [I] An idle task is never on a patched function; only an idle CPU (idle task running) stops the check.
    return t < this.e1[j] ? VIEW.onCpu : 0;
  }

  nextIdleReturn(j: number, t: number): number {
    this.advanceIdle(j, t);
    return this.e3[j];
  }
}

/**
 * P(phase A at time dt) for an alternating Exp(mean mA) / Exp(mean mB) process that entered phase A at 0:
 * πA + πB·e^{−(1/mA + 1/mB)·dt} (two-state continuous-time Markov chain).
 */
function stillInFirst(mA: number, mB: number, dt: number): number {
  const piA = mA / (mA + mB);
  return piA + (1 - piA) * Math.exp(-(1 / mA + 1 / mB) * dt);
}

/** Bernoulli draw as 0/1 that consumes nothing when p is 0 or 1 (p is a per-kernel constant). */
function draw(g: Xoshiro128, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return bernoulli(g, p) ? 1 : 0;
}

/**
 * Workload classes by index, in task-list (PID) order [I]: boot-time daemons first (the parked one, like
 * irqbalance, leading), then dstate, server and cpuBound users; kthreads CPU-bound, worker, sleepy.
 */
function assignClasses(nTasks: number, nUser: number, nKthread: number, cpuBound: number, parked: boolean): Uint8Array {
  const cls = new Uint8Array(nTasks);
  const nCpuBound = Math.round(nUser * B.SHARE_CPU_BOUND);
  const nDstate = Math.round(nUser * B.SHARE_DSTATE);
  let nServer = Math.round(nUser * B.SHARE_SERVER);
  if (nCpuBound + nDstate + nServer > nUser) nServer = Math.max(0, nUser - nCpuBound - nDstate);
  const nDaemon = Math.max(0, nUser - nCpuBound - nDstate - nServer);
  let i = 0;
  for (let k = 0; k < nDaemon; k++) cls[i++] = CLASS.daemon;
  for (let k = 0; k < nDstate && i < nUser; k++) cls[i++] = CLASS.dstate;
  for (let k = 0; k < nServer && i < nUser; k++) cls[i++] = CLASS.server;
  while (i < nUser) cls[i++] = CLASS.cpuBound;
  // [I] The parked daemon is the first daemon (the first user when there is no daemon).
  if (parked && nUser > 0) cls[0] = CLASS.parked;
  const nWorker = Math.round((nKthread - cpuBound) * B.SHARE_KTHREAD_WORKER);
  for (let k = 0; k < nKthread; k++) {
    cls[nUser + k] =
      k < cpuBound ? CLASS.kthreadCpuBound : k < cpuBound + nWorker ? CLASS.kthreadWorker : CLASS.kthreadSleepy;
  }
  for (let j = nUser + nKthread; j < nTasks; j++) cls[j] = CLASS.idle;
  return cls;
}

/** E[min(L, cap)] for L ~ LogNormal(μ, σ) (cap = +Inf allowed). */
function cappedLogNormalMean(mu: number, sigma: number, cap: number): number {
  const mean = Math.exp(mu + 0.5 * sigma * sigma);
  if (!(cap < Number.POSITIVE_INFINITY)) return mean;
  if (sigma === 0) return Math.min(Math.exp(mu), cap);
  const lc = Math.log(cap);
  return mean * normalCdf((lc - mu - sigma * sigma) / sigma) + cap * (1 - normalCdf((lc - mu) / sigma));
}

/** Standard normal cdf via erfc (Numerical Recipes `erfcc`, fractional error < 1.2e-7). */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

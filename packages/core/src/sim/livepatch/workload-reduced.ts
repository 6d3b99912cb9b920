import { bernoulli, exponential } from "../../rng/distributions.ts";
import { STREAM } from "./constants.ts";
import { patchExposure } from "./exposure.ts";
import type { LivepatchParams } from "./params.ts";
import { ReducedExits } from "./reduced-exits.ts";
import type { StreamPool } from "./streams.ts";
import { VIEW, type Workload } from "./workload.ts";
import { WorkloadTasks } from "./workload-tasks.ts";

/**
 * Layer A, the reduced workload of §2.3 (closed forms in §3). Per thread: kernel exits a Poisson process of rate
 * λ (users); at its k-th check a thread is on a CPU w.p. r (k-th draw of stream (cpu, i); CPU-bound kthreads
 * always) and blocked w.p. p (k-th draw of (block, i)) — or, when `blocking` is 'sticky', blocked from t = 0
 * (draw 0 of (block, i)) until a user's first kernel exit or a kthread's wakeup redraw ((wake, i)). Signals and
 * wakeups find the task interruptible w.p. ι ((intr, i)). Idle tasks: CPU idle w.p. rIdle, blocked w.p. pIdle.
 *
 * Exits come from `ReducedExits` (the first one per trial, shared by the models). A patch of several functions uses p' = 1 − Π(1 − min(1, hotness·p)) for every p (Layer A has no sleep/run distinction). With
 * `livepatch.unreliableMode: sticky` a thread's stack is unreliable from t = 0 w.p. u ((unrel, i)), until a
 * user's first exit or a kthread's wakeup redraw.
 */
export class ReducedWorkload extends WorkloadTasks implements Workload {
  declare private readonly r: number;
  declare private readonly drawCpu: boolean;
  declare private readonly drawBlock: boolean;
  declare private readonly pUser: number;
  declare private readonly pKthread: number;
  declare private readonly pAfterWake: number;
  declare private readonly sticky: boolean;
  declare private readonly iota: number;
  declare private readonly rIdle: number;
  declare private readonly pIdle: number;
  declare private readonly crRate: number;
  declare private readonly crClean: number;
  declare private readonly kthreadFrame: number;

  /** Per model run: check index, blocked probability (changes at a wakeup), sticky state, re-sleep time. */
  declare private readonly chk: Int32Array;
  declare private readonly pBlk: Float64Array;
  /** 0 = not drawn yet, 1 = clear, 2 = blocked. */
  declare private readonly stickyState: Uint8Array;
  declare private readonly reSleepAt: Float64Array;
  /** Sticky unreliable state: 0 = not drawn, 1 = reliable, 2 = unreliable. */
  declare private readonly unrelState: Uint8Array;

  declare private readonly exits: ReducedExits;

  constructor(p: LivepatchParams, streams: StreamPool) {
    super(p, streams, p.reduced.cpuBoundKthreads);
    const a = p.reduced;
    this.r = a.onCpuProb;
    this.drawCpu = a.onCpuProb > 0 && a.onCpuProb < 1;
    const fns = p.patch.functions;
    this.pUser = patchExposure(a.blockedProb, fns, false);
    this.pKthread = patchExposure(a.kthreadBlockedProb, fns, false);
    this.pAfterWake = patchExposure(a.blockedAfterWakeProb, fns, false);
    // A constant 0 or 1 needs no draw; otherwise every check consumes one (k-th check = k-th draw).
    const degenerate = (x: number) => x === 0 || x === 1;
    this.drawBlock = !(degenerate(this.pUser) && this.pUser === this.pKthread && this.pKthread === this.pAfterWake);
    this.sticky = a.blocking === "sticky";
    this.iota = a.interruptibleProb;
    this.rIdle = a.idleProb;
    this.pIdle = patchExposure(a.idleBlockedProb, fns, false);
    this.crRate = a.condReschedRate;
    this.crClean = a.condReschedCleanProb;
    this.kthreadFrame = a.kthreadFrameTime;
    this.unrelState = new Uint8Array(this.nTasks);
    this.chk = new Int32Array(this.nTasks);
    this.pBlk = new Float64Array(this.nTasks);
    this.stickyState = new Uint8Array(this.nTasks);
    this.reSleepAt = new Float64Array(this.nTasks);
    this.exits = new ReducedExits(this.nUser, a.exitRate, streams);
  }

  /** Starts a trial: forget the shared per-trial draws (the (exit, i) streams come from the pool's trial). */
  beginTrial(_seed: number, _point: number, _trial: number): void {
    this.exits.beginTrial();
  }

  begin(): void {
    this.chk.fill(0);
    this.pBlk.fill(this.pUser, 0, this.nUser);
    this.pBlk.fill(this.pKthread, this.nUser, this.nThreads);
    this.stickyState.fill(0);
    this.reSleepAt.fill(Number.POSITIVE_INFINITY);
    this.unrelState.fill(0);
    this.exits.beginRun();
  }

  private stickyBlocked(i: number, t: number): boolean {
    let s = this.stickyState[i];
    if (s === 0) {
      s = bernoulli(this.streams.get(STREAM.block, i), this.pBlk[i]) ? 2 : 1;
      this.stickyState[i] = s;
    }
    if (s === 1) return false;
    return i >= this.nUser || t < this.exits.firstOf(i);
  }

  check(i: number, t: number): number {
    this.chk[i]++;
    let f = 0;
    if (i >= this.nUser && i < this.cpuBoundEnd) f = VIEW.onCpu;
    else if (this.drawCpu) {
      if (bernoulli(this.streams.get(STREAM.cpu, i), this.r)) f = VIEW.onCpu;
    } else if (this.r >= 1) f = VIEW.onCpu;
    if (this.sticky) {
      if (this.stickyBlocked(i, t)) f |= VIEW.blocked;
    } else if (this.drawBlock) {
      if (bernoulli(this.streams.get(STREAM.block, i), this.pBlk[i])) f |= VIEW.blocked;
    } else if (this.pBlk[i] >= 1) f |= VIEW.blocked;
    if (this.unrel > 0 && this.stickyUnreliable(i, t)) f |= VIEW.unreliable;
    return f;
  }

  private stickyUnreliable(i: number, t: number): boolean {
    let s = this.unrelState[i];
    if (s === 0) {
      s = bernoulli(this.streams.get(STREAM.unrel, i), this.unrel) ? 2 : 1;
      this.unrelState[i] = s;
    }
    return s === 2 && (i >= this.nUser || t < this.exits.firstOf(i));
  }

  alignCheck(i: number, k: number): void {
    let c = this.chk[i];
    if (c >= k) return;
    const cpu = this.drawCpu && !(i >= this.nUser && i < this.cpuBoundEnd);
    const block = !this.sticky && this.drawBlock;
    if (cpu || block) {
      const gc = cpu ? this.streams.get(STREAM.cpu, i) : null;
      const gb = block ? this.streams.get(STREAM.block, i) : null;
      for (; c < k; c++) {
        if (gc !== null) gc.nextDouble();
        if (gb !== null) gb.nextDouble();
      }
    }
    this.chk[i] = k;
  }

  residual(i: number, t: number): number {
    if (i < this.nUser) {
      // Memorylessness: the old frame of a blocked user ends at its next kernel exit, Exp(λ) away (§2.5).
      const d = this.exits.firstOf(i) - t;
      return Math.max(d, 0);
    }
    return this.kthreadFrame * exponential(this.streams.get(STREAM.misc, i));
  }

  nextExit(i: number, t: number): number {
    return this.exits.nextAfter(i, t);
  }

  nextSyscallExit(i: number, t: number): number {
    return this.nextExit(i, t);
  }

  nextSyscallExits(t: number, out: Float64Array): void {
    this.exits.allAfter(t, out);
  }

  nextEntry(_i: number, _t: number): number {
    // Layer A models kernel exits only (§2.3: switchAtEntry has no effect here).
    return Number.POSITIVE_INFINITY;
  }

  signalUser(i: number, t: number, delay: number): number {
    // §2.3: w.p. ι the signalled task leaves the kernel at t + δ (an extra exit); otherwise no effect.
    const hit = bernoulli(this.streams.get(STREAM.intr, i), this.iota);
    this.lastRestart = hit;
    return hit ? t + delay : Number.POSITIVE_INFINITY;
  }

  wakeKthread(i: number, t: number, delay: number): boolean {
    if (i < this.cpuBoundEnd) return false; // running: nothing to wake
    if (!bernoulli(this.streams.get(STREAM.intr, i), this.iota)) return false;
    const p = this.pAfterWake;
    this.pBlk[i] = p;
    if (this.sticky) this.stickyState[i] = bernoulli(this.streams.get(STREAM.wake, i), p) ? 2 : 1;
    // [I] The woken kthread goes back to sleep δ later (its next TASK_FREEZABLE sleep entry in Layer A).
    this.reSleepAt[i] = t + delay;
    if (this.unrel > 0) this.unrelState[i] = bernoulli(this.streams.get(STREAM.unrel, i), this.unrel) ? 2 : 1;
    return true;
  }

  isUninterruptible(_i: number, _t: number): boolean {
    return false;
  }

  nextCondResched(i: number, t: number): number {
    return this.crRate > 0 ? t + exponential(this.streams.get(STREAM.cr, i)) / this.crRate : Number.POSITIVE_INFINITY;
  }

  condReschedClean(i: number, _t: number): boolean {
    return bernoulli(this.streams.get(STREAM.cr, i), this.crClean);
  }

  nextFreezableSleep(i: number, t: number): number {
    const s = this.reSleepAt[i];
    return s > t ? s : Number.POSITIVE_INFINITY;
  }

  freezableSleepClean(i: number, t: number): boolean {
    this.reSleepAt[i] = Number.POSITIVE_INFINITY;
    return (this.check(i, t) & VIEW.blocked) === 0;
  }

  nextSafepoint(i: number, t: number, rate: number): number {
    return rate > 0 ? t + exponential(this.streams.get(STREAM.misc, i)) / rate : Number.POSITIVE_INFINITY;
  }

  safepointAfterWake(_i: number, t: number, delay: number): number {
    // A woken kthread passes try_to_freeze() δ later.
    return t + delay;
  }

  idleCheck(j: number, _t: number): number {
    let f = 0;
    const r = this.rIdle;
    if (r > 0 && r < 1) {
      if (bernoulli(this.streams.get(STREAM.cpu, j), r)) f = VIEW.onCpu;
    } else if (r >= 1) f = VIEW.onCpu;
    const p = this.pIdle;
    if (p > 0 && p < 1) {
      if (bernoulli(this.streams.get(STREAM.block, j), p)) f |= VIEW.blocked;
    } else if (p >= 1) f |= VIEW.blocked;
    return f;
  }

  nextIdleReturn(_j: number, _t: number): number {
    // [I] Layer A has no idle process: without a kick, an idle task switches when a check finds its CPU busy.
    return Number.POSITIVE_INFINITY;
  }
}

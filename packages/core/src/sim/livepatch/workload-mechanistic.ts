import { exponential } from "../../rng/distributions.ts";
import { MECHANISTIC as B, PHASE, STREAM } from "./constants.ts";
import { draw } from "./lognormal.ts";
import { MechanisticProcesses } from "./mechanistic-processes.ts";
import { VIEW, type Workload } from "./workload.ts";

/**
 * Layer B, the mechanistic workload of §2.3: the questions the models ask (`Workload`) answered from the task
 * processes of `MechanisticProcesses` (stationary start, cycle-by-cycle users, Markov-jump kthreads and CPUs).
 */
export class MechanisticWorkload extends MechanisticProcesses implements Workload {
  check(i: number, t: number): number {
    if (i < this.nUser) {
      this.advanceUser(i, t);
      if (t < this.e0[i]) return VIEW.onCpu;
      if (t < this.e1[i]) return VIEW.onCpu | (this.s1[i] === 1 ? VIEW.blocked | VIEW.kernelRun : 0);
      if (t < this.e2[i]) return (this.sS[i] === 1 ? VIEW.blocked : 0) | (this.uS[i] === 1 ? VIEW.unreliable : 0);
      return VIEW.onCpu | (this.s2[i] === 1 ? VIEW.blocked | VIEW.kernelRun : 0);
    }
    if (i < this.cpuBoundEnd) {
      // A CPU-bound kthread is seen at one of its cond_resched() calls, a preemption point (§1.3.1).
      return VIEW.onCpu | (this.budget.spend(i, this.streams.get(STREAM.block, i), this.hRun) === 1 ? VIEW.blocked : 0);
    }
    this.advanceKthread(i, t);
    if (t < this.e1[i]) return (this.sS[i] === 1 ? VIEW.blocked : 0) | (this.uS[i] === 1 ? VIEW.unreliable : 0);
    return VIEW.onCpu | (this.s1[i] === 1 ? VIEW.blocked | VIEW.kernelRun : 0);
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

  nextSyscallExit(i: number, t: number): number {
    this.advanceUser(i, t);
    return this.e3[i];
  }

  nextSyscallExits(t: number, out: Float64Array): void {
    for (let i = 0; i < this.nUser; i++) out[i] = this.nextSyscallExit(i, t);
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

  isUninterruptible(i: number, t: number): boolean {
    this.advanceUser(i, t);
    return this.sk[i] === PHASE.kSleepU && t >= this.e1[i] && t < this.e2[i];
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
    if (i < this.cpuBoundEnd) {
      // [I] A CPU-bound kthread passes its loop's kthread_should_stop() at rate κ.
      return rate > 0 ? t + exponential(this.streams.get(STREAM.misc, i)) / rate : Number.POSITIVE_INFINITY;
    }
    // The loop's safe point (kthread_should_stop(), try_to_freeze()) comes at the end of its next run, before it
    // sleeps again — outside the patched function even for a parked kthread.
    this.advanceKthread(i, t);
    return this.e3[i];
  }

  safepointAfterWake(i: number, t: number, _delay: number): number {
    return this.nextSafepoint(i, t, 0);
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

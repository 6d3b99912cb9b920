import { bernoulli } from "../../rng/distributions.ts";
import { HORIZON, STREAM } from "./constants.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";
import { TrialModel } from "./trial-model.ts";
import type { TrialState } from "./trial-state.ts";
import { VIEW, type Workload } from "./workload.ts";

/** Which stop_machine tool (§1.2, §1.3). */
export const STOP_MACHINE_TOOL = { kpatch: 0, ksplice: 1 } as const;
export type StopMachineTool = (typeof STOP_MACHINE_TOOL)[keyof typeof STOP_MACHINE_TOOL];

/**
 * KPATCH / KSPLICE (§1.2, §1.3, §2.5): up to K stop_machine attempts, R (+ L) apart. Inside each pause every
 * thread's stack is checked — running ones too, they are preempted by the stoppers; idle tasks are not on the
 * thread list. The first busy thread aborts the attempt (-EBUSY). A clean attempt switches every thread at the
 * end of the pause, atomically; a blocked thread the check missed (kpatch unwinder miss m) is an unsafe switch.
 *
 * Pause (§1.3.1): basePause + perCpuPause·nCpu + perThreadPause·threads, plus, without full preemption, the wait
 * for every busy CPU to reach a preemption point: the max of k Exp(sectionMean), k = CPUs not idle at the
 * attempt (nCpu without idle tasks). Without full preemption a task running in the kernel runs on to that point
 * and is not caught inside the patched function (VIEW.kernelRun).
 *
 * Threads are walked kthreads first, then users (the task list's order [I]).
 * Draws: attempt a is check a of every thread (Layer A: `alignCheck` skips the checks an earlier early exit
 * did not make, so attempt 1 always sees check 0 — the §3.6 coupling with immediate); miss / deep-stack /
 * false-positive draws come from (miss, i), (misc, i), (fp, i) as they are needed; the rendezvous wait, then
 * NMI failures, from the global misc stream. [I] An attempt that would end after the deadline is not started.
 */
export class StopMachineModel extends TrialModel {
  declare private readonly streams: StreamPool;
  declare private readonly ksplice: boolean;
  declare private readonly attemptsMax: number;
  declare private readonly gap: number;
  declare private readonly fixedPause: number;
  declare private readonly section: number;
  declare private readonly catchRunning: boolean;
  declare private readonly nCpu: number;
  declare private readonly miss: number;
  declare private readonly deep: number;
  declare private readonly nmi: number;
  declare private readonly falsePos: number;
  declare private readonly end: number;
  declare private readonly blk: Uint8Array;

  constructor(p: LivepatchParams, tool: StopMachineTool, wl: Workload, st: TrialState, streams: StreamPool) {
    super(wl, st);
    this.streams = streams;
    this.ksplice = tool === STOP_MACHINE_TOOL.ksplice;
    const sm = p.stopMachine;
    this.nCpu = p.nCpu;
    this.fixedPause = sm.basePause + sm.perCpuPause * p.nCpu + sm.perThreadPause * wl.nThreads;
    this.catchRunning = sm.preemption === "full";
    this.section = this.catchRunning ? 0 : sm.sectionMean;
    if (this.ksplice) {
      this.attemptsMax = p.ksplice.attempts;
      this.gap = p.ksplice.retryInterval;
      this.miss = 0;
      this.deep = 0;
      this.nmi = 0;
      this.falsePos = p.ksplice.falsePositiveProb;
    } else {
      this.attemptsMax = p.kpatch.attempts;
      this.gap = p.kpatch.retryInterval + p.kpatch.loadCost;
      this.miss = p.kpatch.unwinderMissProb;
      this.deep = p.kpatch.deepStackProb;
      this.nmi = p.kpatch.nmiFailProb;
      this.falsePos = 0;
    }
    this.end = p.deadline ?? HORIZON;
    this.blk = new Uint8Array(wl.nThreads);
  }

  /**
   * The pause of an attempt at t. The rendezvous wait is max_k Exp(μ) = μ·(−ln(1 − U^{1/k})): one draw for the
   * k busy CPUs (P(wait ≤ x) = (1 − e^{−x/μ})^k).
   */
  private pauseAt(t: number): number {
    if (this.section === 0) return this.fixedPause;
    const wl = this.wl;
    let busy = this.nCpu;
    if (wl.nTasks > wl.nThreads) {
      busy = 0;
      for (let j = wl.nThreads; j < wl.nTasks; j++) if ((wl.idleCheck(j, t) & VIEW.onCpu) === 0) busy++;
    }
    if (busy === 0) return this.fixedPause;
    const u = this.streams.global(STREAM.misc).nextDouble();
    return this.fixedPause + this.section * -Math.log1p(-(u ** (1 / busy)));
  }

  run(): number {
    const { wl, st, streams, blk } = this;
    const n = wl.nThreads;
    const nUser = wl.nUser;
    const nK = wl.nKthread;
    st.reset(n);
    st.pendRange(0, n);
    let t = 0;
    for (let a = 0; a < this.attemptsMax; a++) {
      const pause = this.pauseAt(t);
      if (t + pause > this.end) break;
      st.attempts++;
      st.events++;
      st.smPauseTotal += pause;
      if (pause > st.smPauseMax) st.smPauseMax = pause;
      let busy = false;
      // do_each_thread order [I]: kthreads (created at boot) before user threads.
      for (let k = 0; k < n; k++) {
        const i = k < nK ? nUser + k : k - nK;
        wl.alignCheck(i, a);
        st.stackWalks++;
        const v = wl.check(i, t);
        // Without full preemption a task running in the kernel leaves the function before the stopper runs.
        const b = (v & VIEW.blocked) !== 0 && (this.catchRunning || (v & VIEW.kernelRun) === 0);
        let detected: boolean;
        if (this.ksplice) {
          // Conservative scan of every stack word: no misses, stale return addresses give false positives.
          detected = b || (this.falsePos > 0 && bernoulli(streams.get(STREAM.fp, i), this.falsePos));
        } else {
          detected = b && !(this.miss > 0 && bernoulli(streams.get(STREAM.miss, i), this.miss));
          // ≥ MAX_STACK_TRACE_DEPTH (64) entries: -EBUSY whatever the stack holds.
          if (!detected && this.deep > 0 && bernoulli(streams.get(STREAM.misc, i), this.deep)) detected = true;
        }
        if (detected) {
          busy = true;
          break;
        }
        blk[i] = b ? 1 : 0;
      }
      if (!busy && this.nmi > 0 && bernoulli(streams.global(STREAM.misc), this.nmi)) busy = true;
      if (!busy) {
        const tSw = t + pause;
        for (let i = 0; i < n; i++) st.switchTask(i, tSw, blk[i] === 1);
        st.tDone = tSw;
        st.applied = 1;
        return tSw;
      }
      t += pause + this.gap;
    }
    return this.end;
  }
}

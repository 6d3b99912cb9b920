import { bernoulli } from "../../rng/distributions.ts";
import { HORIZON, STREAM } from "./constants.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";
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
 * Threads are walked kthreads first, then users (the task list's order [I]).
 * Draws: attempt a is check a of every thread (Layer A: `alignCheck` skips the checks an earlier early exit
 * did not make, so attempt 1 always sees check 0 — the §3.6 coupling with immediate); miss / deep-stack /
 * false-positive draws come from (miss, i), (misc, i), (fp, i) as they are needed; NMI failures from the
 * global misc stream. [I] An attempt that would end after the deadline is not started.
 */
export class StopMachineModel {
  declare private readonly wl: Workload;
  declare private readonly st: TrialState;
  declare private readonly streams: StreamPool;
  declare private readonly ksplice: boolean;
  declare private readonly attemptsMax: number;
  declare private readonly gap: number;
  declare private readonly pause: number;
  declare private readonly miss: number;
  declare private readonly deep: number;
  declare private readonly nmi: number;
  declare private readonly falsePos: number;
  declare private readonly end: number;
  declare private readonly blk: Uint8Array;

  constructor(p: LivepatchParams, tool: StopMachineTool, wl: Workload, st: TrialState, streams: StreamPool) {
    this.wl = wl;
    this.st = st;
    this.streams = streams;
    this.ksplice = tool === STOP_MACHINE_TOOL.ksplice;
    this.pause = p.stopMachine.basePause + p.stopMachine.perThreadPause * wl.nThreads;
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

  run(): number {
    const { wl, st, streams, blk } = this;
    const n = wl.nThreads;
    const nUser = wl.nUser;
    const nK = wl.nKthread;
    const pause = this.pause;
    st.reset(n);
    st.pendRange(0, n);
    let t = 0;
    for (let a = 0; a < this.attemptsMax; a++) {
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
        const b = (wl.check(i, t) & VIEW.blocked) !== 0;
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

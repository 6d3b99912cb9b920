import { HORIZON } from "./constants.ts";
import type { EventHeap } from "./event-heap.ts";
import { signalPendingUser } from "./fake-signal.ts";
import type { LivepatchParams } from "./params.ts";
import { TrialModel } from "./trial-model.ts";
import type { TrialState } from "./trial-state.ts";
import { VIEW, type Workload } from "./workload.ts";

/**
 * KGRAFT_2015 (§1.4, §2.5): per-task universe flag, no stack check. A pending user switches at its next
 * syscall exit — the slow path; a timer tick's return to user mode is not one — at its syscall entry
 * (`switchAtEntry`, Layer B) or at a fake-signal return; under 'safepoints' a kthread with a safe point switches
 * there (Layer A: Poisson κ or δ after a wakeup; Layer B: at the end of its next run, before it sleeps again),
 * one without never. A check every `period` s (first at `period`) declares completion when nobody is pending; a
 * failed check sends the fake signal (`fakeSignal`) to every pending user and wakes every pending kthread
 * ('safepoints').
 *
 * Scope of nOld/nNew: users, plus kthreads under 'safepoints'. Under 'excluded' kthreads run old code and
 * never block completion; at finalize every kthread switches, unsafely when a patched function is on its stack
 * then (`unsafeSwitches`, `kthreadUnsafeSwitches`); [I] kthreadOldSeconds = nKthread × (window end − first user
 * switch), the table definition of §2.6 ("while ≥ 1 user task is new"). Each pending task has at most one heap
 * entry: its next switch opportunity; the check is item `nTasks`.
 */
export class KgraftModel extends TrialModel {
  declare private readonly heap: EventHeap;
  declare private readonly period: number;
  declare private readonly fakeSignal: boolean;
  declare private readonly safepoints: boolean;
  declare private readonly kappa: number;
  declare private readonly atEntry: boolean;
  declare private readonly delta: number;
  declare private readonly end: number;
  /** Scratch: every user's first syscall exit, asked of the workload in one call (`schedule`). */
  declare private readonly exits: Float64Array;

  constructor(p: LivepatchParams, wl: Workload, st: TrialState, heap: EventHeap) {
    super(wl, st);
    this.heap = heap;
    this.period = p.kgraft.period;
    this.fakeSignal = p.kgraft.fakeSignal;
    this.safepoints = p.kgraft.kthreads === "safepoints";
    this.kappa = p.kgraft.safepointRate;
    this.atEntry = p.kgraft.switchAtEntry;
    this.delta = p.kgraft.signalDelay;
    this.end = p.deadline ?? HORIZON;
    this.exits = new Float64Array(wl.nUser);
  }

  run(): number {
    const { wl, st, heap } = this;
    const scope = this.safepoints ? wl.nThreads : wl.nUser;
    st.reset(scope);
    st.pendRange(0, scope);
    heap.clear();
    this.schedule();
    heap.push(wl.nTasks, this.period);
    const end = this.end;
    this.loop(end);
    if (!this.safepoints && st.tDone <= end) this.finalizeKthreads(st.tDone);
    const w = Math.min(st.tDone, end);
    if (!this.safepoints && st.switched > 0 && st.tFirst < w) st.kthreadOld = wl.nKthread * (w - st.tFirst);
    return w;
  }

  /** Each pending task's first switch opportunity (kept out of `loop` so V8 inlines the heap into it). */
  private schedule(): void {
    const { wl, heap, exits } = this;
    const nUser = wl.nUser;
    wl.nextSyscallExits(0, exits);
    for (let i = 0; i < nUser; i++) {
      let t = exits[i];
      if (this.atEntry) {
        const e = wl.nextEntry(i, 0);
        if (e < t) t = e;
      }
      if (t < Number.POSITIVE_INFINITY) heap.push(i, t);
    }
    if (this.safepoints) {
      for (let i = nUser; i < wl.nThreads; i++) {
        // kgr_wakeup_kthreads() once at start.
        this.wake(i, 0);
        if (wl.hasSafepoint(i)) heap.offer(i, wl.nextSafepoint(i, 0, this.kappa));
      }
    }
  }

  private loop(end: number): void {
    const { st, heap } = this;
    const check = this.wl.nTasks;
    let events = 0;
    while (heap.size() > 0) {
      const t = heap.peekKey();
      if (t > end) break;
      const item = heap.pop();
      events++;
      if (item !== check) {
        st.switchTask(item, t, false);
        continue;
      }
      st.attempts++;
      if (st.pendingScope === 0) {
        st.tDone = t;
        break;
      }
      if (this.fakeSignal) this.signal(t);
      heap.push(check, t + this.period);
    }
    st.events += events;
  }

  private signal(t: number): void {
    const { wl, st, heap } = this;
    const nUser = wl.nUser;
    st.signalRounds++;
    const plist = st.plist;
    for (let k = st.pcount - 1; k >= 0; k--) {
      const i = plist[k];
      if (i < nUser) {
        signalPendingUser(wl, st, heap, i, t, this.delta);
      } else {
        this.wake(i, t);
      }
    }
  }

  /** SUSE wake_up_process() of a pending kthread; a woken one with a safe point passes it soon after. */
  private wake(i: number, t: number): void {
    const { wl, st } = this;
    st.kthreadWakeAttempts++;
    if (wl.wakeKthread(i, t, this.delta)) {
      st.kthreadsWoken++;
      if (wl.hasSafepoint(i)) this.heap.offer(i, wl.safepointAfterWake(i, t, this.delta));
    }
  }

  /** kgr_finalize() under 'excluded' (RFC): the fast stub sends every kthread to the new code, blocked or not. */
  private finalizeKthreads(t: number): void {
    const { wl, st } = this;
    for (let i = wl.nUser; i < wl.nThreads; i++) if ((wl.check(i, t) & VIEW.blocked) !== 0) st.countUnsafe(i);
  }
}

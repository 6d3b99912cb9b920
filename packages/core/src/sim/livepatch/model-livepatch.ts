import { uniform } from "../../rng/distributions.ts";
import { KPATCH, STREAM } from "./constants.ts";
import { LivepatchBase, SIGNALS } from "./livepatch-base.ts";
import { BLOCKER } from "./trial-state.ts";

/**
 * LIVEPATCH hybrid (§1.5, §2.5). Every task, idle tasks included, starts pending. Attempts
 * (`klp_try_complete_transition`) run at t = 0 and then every `period` (aligned by `round_jiffies`, §3.12):
 * a pending thread that is not running, has a reliable stack and no patched frame switches (or, when the
 * unwinder misses the frame, switches unsafely); an idle task on an idle CPU is kicked (`wake_up_if_idle`) and
 * switches `idleDelay` later, on a busy CPU it is stack-checked. Between attempts: a user switches at its next
 * return to user mode, an idle task at its next idle-loop tail, a CPU-bound kthread at a clean cond_resched()
 * (`condResched`), a freezable kthread entering a TASK_FREEZABLE sleep with a clean stack (`freezableHook`).
 * Fake signals (`signals`) every `signalsEvery` attempts or once at `manualSignalAt`; `forceAt` switches
 * everyone still pending (unsafely if blocked) and the next attempt completes. tDone is the attempt that leaves
 * nobody pending. A transition pending at the deadline is reverted (kpatch script): the reverse transition runs
 * with the same rules, the switched tasks pending back to the old code, for up to `reverseDeadline` (§2.5.1).
 *
 * Each pending task has at most one heap entry, its next asynchronous switch opportunity; the next attempt,
 * force, manual signal and the 15 s snapshot are scalars. Lazy: a task's exit process is only looked at if the
 * t = 0 attempt leaves it pending.
 */
export class LivepatchModel extends LivepatchBase {
  /** The next attempt's time when the loop stopped (the reverse transition continues the same work). */
  private nextAttempt = 0;
  /** The forward transition's counters, kept while the reverse transition runs. */
  private readonly saved = new Float64Array(8);

  run(): number {
    const { wl, st, heap } = this;
    st.reset(wl.nThreads);
    st.pendRange(0, wl.nTasks);
    st.openBlockers(false);
    if (this.deadline !== null) st.openBlockers(true);
    if (!this.reliable) this.why.fill(BLOCKER.unreliable);
    heap.clear();
    this.signalsCnt = 0;
    this.done = false;
    this.reversing = false;
    this.phase = this.roundJiffies ? uniform(this.streams.global(STREAM.misc), 0, 1) : 0;
    this.attempt(0);
    st.events++;
    if (!this.done) {
      this.schedule(0);
      const inf = Number.POSITIVE_INFINITY;
      const manual = this.signals === SIGNALS.manual ? this.manualAt : inf;
      this.loop(this.nextAttemptTime(0), this.forceAt ?? inf, manual, KPATCH.POST_ENABLE_WAIT, this.end);
    }
    if (this.done) {
      st.tDone = this.doneAt;
      return st.tDone;
    }
    if (this.deadline !== null) {
      st.reversed = 1;
      this.snapshotBlockers(this.end, true);
      this.reverse(this.end);
    }
    return this.end;
  }

  /** Each pending task's next asynchronous switch opportunity after t. */
  private schedule(t: number): void {
    const { st, heap } = this;
    const plist = st.plist;
    for (let k = st.pcount - 1; k >= 0; k--) {
      const i = plist[k];
      const next = this.nextAsync(i, t);
      if (next < Number.POSITIVE_INFINITY) heap.offer(i, next);
    }
  }

  /**
   * The event loop up to `end`. The global events are scalars, not heap items, so that ties resolve in a fixed
   * order [I]: task events, then the 15 s snapshot, the attempt, force, and the kpatch script's manual signal.
   */
  private loop(tFirstAttempt: number, tForceAt: number, tSignalAt: number, tSnapAt: number, end: number): void {
    const { st, heap } = this;
    const inf = Number.POSITIVE_INFINITY;
    let tAttempt = tFirstAttempt;
    let tForce = tForceAt;
    let tSignal = tSignalAt;
    let tSnap = tSnapAt;
    const nUser = this.wl.nUser;
    const nThreads = this.wl.nThreads;
    const reversing = this.reversing;
    let events = 0;
    while (!this.done) {
      // Only the global branch below moves the scalars (and sets `done`): the task events up to the next global
      // event run in a tight inner loop, users and idle tasks switching inline.
      const tg = Math.min(tAttempt, tForce, tSignal, tSnap);
      const lim = Math.min(tg, end);
      let th = heap.peekKey();
      while (th <= lim) {
        const item = heap.pop();
        events++;
        // exit_to_user_mode_loop() / do_idle() tail: klp_update_patch_state().
        if (item < nUser || item >= nThreads) {
          if (reversing) st.unpendRaw(item);
          else st.switchTask(item, th, false);
        } else this.asyncKthread(item, th);
        th = heap.peekKey();
      }
      if (th <= tg || tg > end) break; // the next event is past the end
      events++;
      if (tSnap === tg) {
        tSnap = inf;
        this.snapshotBlockers(tg, false);
      } else if (tAttempt === tg) {
        this.attempt(tg);
        tAttempt = this.nextAttemptTime(tg);
      } else if (tForce === tg) {
        tForce = inf;
        this.force(tg);
      } else {
        tSignal = inf;
        if (st.pcount > 0) this.sendSignals(tg);
      }
    }
    this.nextAttempt = tAttempt;
    st.events += events;
  }

  /** Next asynchronous switch opportunity of pending task i after t (+Inf if none). */
  private nextAsync(i: number, t: number): number {
    const wl = this.wl;
    if (i < wl.nUser) return wl.nextExit(i, t);
    if (i < wl.nThreads) {
      if (i < wl.nUser + wl.cpuBoundKthreads) {
        return this.condResched ? wl.nextCondResched(i, t) : Number.POSITIVE_INFINITY;
      }
      return this.freezableHook && wl.isFreezable(i) ? wl.nextFreezableSleep(i, t) : Number.POSITIVE_INFINITY;
    }
    return wl.nextIdleReturn(i, t);
  }

  /** A pending kthread's hook fires (users and idle tasks switch inline in `loop`): a self stack check. */
  private asyncKthread(i: number, t: number): void {
    const wl = this.wl;
    this.st.stackWalks++;
    // cond_resched() → klp_try_switch_task(current) (q = P(clean)); or the TASK_FREEZABLE sleep's check.
    const clean = i < wl.nUser + wl.cpuBoundKthreads ? wl.condReschedClean(i, t) : wl.freezableSleepClean(i, t);
    if (clean) {
      this.switchOne(i, t, false);
      return;
    }
    const next = this.nextAsync(i, t);
    if (next < Number.POSITIVE_INFINITY) this.heap.push(i, next);
  }

  /**
   * klp_reverse_transition() at t0 (the kpatch script writes `enabled` = 0): the target flips, so the tasks that
   * had switched are pending (back to the old code, blocked by the new functions on their stacks) and the others
   * are done. The delayed work keeps its schedule; klp_signals_cnt restarts; the script signals again 15 s
   * later when the kernel has no automatic signals. Outcome: `tReverse` (+Inf if still pending after
   * `reverseDeadline`), `reverseCompleted`. The forward transition's counters are left as they were.
   */
  private reverse(t0: number): void {
    const { wl, st, heap } = this;
    this.saveCounters();
    this.reversing = true;
    heap.clear();
    for (let i = 0; i < wl.nTasks; i++) {
      if (st.pend[i] === 1) st.unpendRaw(i);
      else st.pendRaw(i);
    }
    this.signalsCnt = 0;
    this.schedule(t0);
    const inf = Number.POSITIVE_INFINITY;
    const manual = this.signals === SIGNALS.manual ? t0 + this.manualAt : inf;
    this.loop(this.nextAttempt, inf, manual, inf, t0 + this.reverseWindow);
    if (this.done) {
      st.tReverse = this.doneAt - t0;
      st.reverseCompleted = 1;
    } else {
      st.tReverse = inf;
    }
    this.restoreCounters();
    this.reversing = false;
  }

  private saveCounters(): void {
    const { st, saved } = this;
    saved[0] = st.attempts;
    saved[1] = st.signalRounds;
    saved[2] = st.signalsSent;
    saved[3] = st.syscallRestarts;
    saved[4] = st.kthreadWakeAttempts;
    saved[5] = st.kthreadsWoken;
    saved[6] = st.idleKicks;
    saved[7] = st.stackWalks;
  }

  private restoreCounters(): void {
    const { st, saved } = this;
    st.attempts = saved[0];
    st.signalRounds = saved[1];
    st.signalsSent = saved[2];
    st.syscallRestarts = saved[3];
    st.kthreadWakeAttempts = saved[4];
    st.kthreadsWoken = saved[5];
    st.idleKicks = saved[6];
    st.stackWalks = saved[7];
  }
}

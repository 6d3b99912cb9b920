import { bernoulli } from "../../rng/distributions.ts";
import { HORIZON, KLP, STREAM } from "./constants.ts";
import type { EventHeap } from "./event-heap.ts";
import { signalPendingUser } from "./fake-signal.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";
import { TrialModel } from "./trial-model.ts";
import { BLOCKER, type TrialState } from "./trial-state.ts";
import { VIEW, type Workload } from "./workload.ts";

export const SIGNALS = { auto: 0, manual: 1, off: 2 } as const;

/**
 * The upstream hybrid's per-task operations (§1.5, §2.5): `klp_try_complete_transition()` (an attempt),
 * `klp_send_signals()`, `klp_force_transition()`, and the blocker snapshot of §2.6. `LivepatchModel` adds the
 * event loop and the reverse transition. While `reversing`, a switch takes a task back to the old code: it only
 * clears its pending flag, the forward bookkeeping stays as the forward transition left it.
 */
export abstract class LivepatchBase extends TrialModel {
  declare protected readonly heap: EventHeap;
  declare protected readonly streams: StreamPool;
  declare protected readonly period: number;
  declare protected readonly roundJiffies: boolean;
  declare protected readonly skew: number;
  declare protected readonly signals: number;
  declare protected readonly signalsEvery: number;
  declare protected readonly manualAt: number;
  declare protected readonly idleKick: boolean;
  declare protected readonly idleDelay: number;
  declare protected readonly condResched: boolean;
  declare protected readonly freezableHook: boolean;
  declare protected readonly reliable: boolean;
  /** P(unreliable walk) drawn per walk (iid mode; sticky mode reads VIEW.unreliable from the workload). */
  declare protected readonly unreliableIid: number;
  declare protected readonly miss: number;
  declare protected readonly forceAt: number | null;
  declare protected readonly delta: number;
  declare protected readonly pairProb: number;
  declare protected readonly deadline: number | null;
  declare protected readonly reverseWindow: number;
  declare protected readonly end: number;
  /** Each pending thread's reason at its last check (BLOCKER.running / unreliable / onStack). */
  declare protected readonly why: Uint8Array;
  /** Enable phase: the absolute time of t = 0 modulo 1 s (uniform; §3.12). */
  protected phase = 0;
  protected signalsCnt = 0;
  protected done = false;
  /** Time of the attempt that found nobody pending (meaningful once `done`). */
  protected doneAt = Number.POSITIVE_INFINITY;
  protected reversing = false;

  constructor(p: LivepatchParams, wl: Workload, st: TrialState, heap: EventHeap, streams: StreamPool) {
    super(wl, st);
    const lp = p.livepatch;
    this.heap = heap;
    this.streams = streams;
    this.period = lp.period;
    this.roundJiffies = lp.roundJiffies;
    this.skew = (3 * KLP.WORK_CPU) / p.hz;
    this.signals = SIGNALS[lp.signals];
    this.signalsEvery = lp.signalsEvery;
    this.manualAt = lp.manualSignalAt;
    this.idleKick = lp.idleKick;
    this.idleDelay = lp.idleDelay;
    this.condResched = lp.condResched;
    this.freezableHook = lp.freezableHook;
    this.reliable = lp.reliableStacks;
    this.unreliableIid = lp.unreliableMode === "iid" ? lp.unreliableProb : 0;
    this.miss = lp.unwinderMissProb;
    this.forceAt = lp.forceAt;
    this.delta = lp.signalDelay;
    this.pairProb = p.immediate.pairProb;
    this.deadline = p.deadline;
    this.reverseWindow = lp.reverseDeadline ?? HORIZON;
    this.end = p.deadline ?? HORIZON;
    this.why = new Uint8Array(wl.nTasks);
  }

  /** Task i reaches the target state at t (unsafe: a patched function was on its stack). */
  protected switchOne(i: number, t: number, unsafe: boolean): void {
    if (this.reversing) {
      this.st.unpendRaw(i);
      if (unsafe && i < this.wl.nThreads) this.st.countUnsafe(i);
    } else {
      this.st.switchTask(i, t, unsafe);
    }
  }

  /** An unsafe switch's old frame: its residual time, and whether it calls a patched callee (cPair). */
  protected oldFrame(i: number, t: number): void {
    const st = this.st;
    st.inflight += this.wl.residual(i, t);
    if (bernoulli(this.streams.get(STREAM.misc, i), this.pairProb)) st.mixedPairs++;
  }

  /** klp_try_complete_transition(): one check of every pending task; completion when nobody is left. */
  protected attempt(t: number): void {
    const { wl, st, heap, why } = this;
    st.attempts++;
    const nThreads = wl.nThreads;
    const plist = st.plist;
    const reliable = this.reliable;
    const unrel = this.unreliableIid;
    // Without reliable stacks and idle tasks an attempt can switch nobody: skip the sweep.
    const sweep = reliable || wl.nTasks > nThreads;
    // Backwards: a switch moves the last pending task into the freed slot, which was already visited.
    for (let k = sweep ? st.pcount - 1 : -1; k >= 0; k--) {
      const i = plist[k];
      if (i < nThreads) {
        if (!reliable) continue;
        const v = wl.check(i, t);
        if ((v & VIEW.onCpu) !== 0) {
          why[i] = BLOCKER.running; // -EBUSY, no walk
          continue;
        }
        st.stackWalks++;
        if ((v & VIEW.unreliable) !== 0 || (unrel > 0 && bernoulli(this.streams.get(STREAM.misc, i), unrel))) {
          why[i] = BLOCKER.unreliable; // -EINVAL
          continue;
        }
        let unsafe = false;
        if ((v & VIEW.blocked) !== 0) {
          // The reliable unwinder misses the patched frame w.p. m: the task switches while on it.
          if (!(this.miss > 0 && bernoulli(this.streams.get(STREAM.miss, i), this.miss))) {
            why[i] = BLOCKER.onStack; // -EADDRINUSE
            continue;
          }
          unsafe = true;
          if (!this.reversing) this.oldFrame(i, t);
        }
        heap.remove(i);
        this.switchOne(i, t, unsafe);
      } else {
        const v = wl.idleCheck(i, t);
        if ((v & VIEW.onCpu) !== 0) {
          if (this.idleKick) {
            st.idleKicks++;
            heap.offer(i, t + this.idleDelay);
          }
        } else if (reliable) {
          st.stackWalks++;
          if ((v & VIEW.blocked) === 0) {
            heap.remove(i);
            this.switchOne(i, t, false);
          }
        }
      }
    }
    if (st.pcount === 0) {
      this.doneAt = t;
      this.done = true;
      return;
    }
    const cnt = this.signalsCnt;
    if (this.signals === SIGNALS.auto && cnt > 0 && cnt % this.signalsEvery === 0) this.sendSignals(t);
    this.signalsCnt = cnt + 1;
  }

  /** klp_send_signals(): fake signal to pending users, interruptible wakeup of pending kthreads. */
  protected sendSignals(t: number): void {
    const { wl, st, heap } = this;
    st.signalRounds++;
    const nUser = wl.nUser;
    const nThreads = wl.nThreads;
    const plist = st.plist;
    for (let k = st.pcount - 1; k >= 0; k--) {
      const i = plist[k];
      if (i < nUser) {
        signalPendingUser(wl, st, heap, i, t, this.delta);
      } else if (i < nThreads) {
        st.kthreadWakeAttempts++;
        if (wl.wakeKthread(i, t, this.delta)) {
          st.kthreadsWoken++;
          if (this.freezableHook && wl.isFreezable(i)) {
            const s = wl.nextFreezableSleep(i, t);
            if (s < Number.POSITIVE_INFINITY) heap.offer(i, s);
          }
        }
      }
    }
  }

  /**
   * klp_force_transition(): everyone still pending switches now, unsafely where blocked; the transition
   * completes at the next attempt (the transition work). [I] Idle tasks are switched too but never counted
   * unsafe (the same thread scope as immediate's unsafe count).
   */
  protected force(t: number): void {
    const { wl, st } = this;
    if (st.pcount === 0) return;
    const nThreads = wl.nThreads;
    const plist = st.plist;
    for (let k = st.pcount - 1; k >= 0; k--) {
      const i = plist[k];
      let blocked = false;
      if (i < nThreads) {
        blocked = (wl.check(i, t) & VIEW.blocked) !== 0;
        if (blocked) this.oldFrame(i, t);
      }
      st.switchTask(i, t, blocked);
    }
    this.heap.clear();
    st.forced = 1;
  }

  /** Counts the tasks still pending at t by the reason their last check gave (§2.6 `blocked*`). */
  protected snapshotBlockers(t: number, atDeadline: boolean): void {
    const { wl, st, why } = this;
    const plist = st.plist;
    for (let k = 0; k < st.pcount; k++) {
      const i = plist[k];
      let reason: number;
      if (i >= wl.nThreads) reason = BLOCKER.running;
      else if (i >= wl.nUser) reason = BLOCKER.kthread;
      else if (why[i] === BLOCKER.onStack && wl.isUninterruptible(i, t)) reason = BLOCKER.uninterruptible;
      else reason = why[i];
      st.countBlocker(reason, atDeadline);
    }
  }

  /** Time of the next attempt after the one at t: round_jiffies_relative(period) (§2.5 nextAligned, [TIMER]). */
  protected nextAttemptTime(t: number): number {
    if (!this.roundJiffies) return t + this.period;
    const abs = t + this.phase;
    const j = abs + this.period;
    const x = j + this.skew;
    const rem = x - Math.floor(x);
    let r = rem < KLP.ROUND_DOWN_FRACTION ? x - rem : x - rem + 1;
    r -= this.skew;
    if (r <= abs) r = j; // round_jiffies_common(): never round into the past
    return r - this.phase;
  }
}

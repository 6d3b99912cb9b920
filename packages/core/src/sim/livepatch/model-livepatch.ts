import { bernoulli, uniform } from "../../rng/distributions.ts";
import { HORIZON, KLP, STREAM } from "./constants.ts";
import type { EventHeap } from "./event-heap.ts";
import { signalPendingUser } from "./fake-signal.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";
import type { TrialState } from "./trial-state.ts";
import { VIEW, type Workload } from "./workload.ts";

const SIGNALS = { auto: 0, manual: 1, off: 2 } as const;

/**
 * LIVEPATCH hybrid (§1.5, §2.5). Every task, idle tasks included, starts pending. Attempts
 * (`klp_try_complete_transition`) run at t = 0 and then every `period` (aligned by `round_jiffies`, §3.12):
 * a pending thread that is not running, has a reliable stack and no patched frame switches; an idle task on an
 * idle CPU is kicked (`wake_up_if_idle`) and switches `idleDelay` later, on a busy CPU it is stack-checked.
 * Between attempts: a user switches at its next return to user mode, an idle task at its next idle-loop tail,
 * a CPU-bound kthread at a clean cond_resched() (`condResched`), a freezable kthread entering a TASK_FREEZABLE
 * sleep with a clean stack (`freezableHook`). Fake signals (`signals`) every `signalsEvery` attempts or once at
 * `manualSignalAt`; `forceAt` switches everyone still pending (unsafely if blocked); a transition pending at
 * the deadline is reversed (kpatch script). tDone is the attempt (or force) that leaves nobody pending.
 *
 * Each pending task has at most one heap entry, its next asynchronous switch opportunity; the next attempt,
 * force and manual signal are scalars. Lazy: a task's exit process is only looked at if the t = 0 attempt
 * leaves it pending.
 */
export class LivepatchModel {
  declare private readonly wl: Workload;
  declare private readonly st: TrialState;
  declare private readonly heap: EventHeap;
  declare private readonly streams: StreamPool;
  declare private readonly period: number;
  declare private readonly roundJiffies: boolean;
  declare private readonly skew: number;
  declare private readonly signals: number;
  declare private readonly signalsEvery: number;
  declare private readonly manualAt: number;
  declare private readonly idleKick: boolean;
  declare private readonly idleDelay: number;
  declare private readonly condResched: boolean;
  declare private readonly freezableHook: boolean;
  declare private readonly reliable: boolean;
  declare private readonly unreliable: number;
  declare private readonly forceAt: number | null;
  declare private readonly delta: number;
  declare private readonly pairProb: number;
  declare private readonly deadline: number | null;
  declare private readonly end: number;
  /** Enable phase: the absolute time of t = 0 modulo 1 s (uniform; §3.12). */
  private phase = 0;
  private signalsCnt = 0;
  private done = false;

  constructor(p: LivepatchParams, wl: Workload, st: TrialState, heap: EventHeap, streams: StreamPool) {
    const lp = p.livepatch;
    this.wl = wl;
    this.st = st;
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
    this.unreliable = lp.unreliableProb;
    this.forceAt = lp.forceAt;
    this.delta = lp.signalDelay;
    this.pairProb = p.immediate.pairProb;
    this.deadline = p.deadline;
    this.end = p.deadline ?? HORIZON;
  }

  run(): number {
    const { wl, st, heap } = this;
    st.reset(wl.nThreads);
    st.pendRange(0, wl.nTasks);
    heap.clear();
    this.signalsCnt = 0;
    this.done = false;
    this.phase = this.roundJiffies ? uniform(this.streams.global(STREAM.misc), 0, 1) : 0;
    this.attempt(0);
    st.events++;
    if (!this.done) {
      this.schedule();
      this.loop();
    }
    if (this.done) return st.tDone;
    if (this.deadline !== null) st.reversed = 1;
    return this.end;
  }

  /** After the t = 0 attempt: each pending task's next asynchronous switch opportunity. */
  private schedule(): void {
    const { st, heap } = this;
    const plist = st.plist;
    for (let k = st.pcount - 1; k >= 0; k--) {
      const i = plist[k];
      const t = this.nextAsync(i, 0);
      if (t < Number.POSITIVE_INFINITY) heap.offer(i, t);
    }
  }

  /**
   * The event loop. The global events are scalars, not heap items, so that ties resolve in a fixed order [I]:
   * task events, then the attempt, then force, then the kpatch script's manual signal (after its 15 s wait).
   */
  private loop(): void {
    const { st, heap } = this;
    const inf = Number.POSITIVE_INFINITY;
    let tAttempt = this.nextAttemptTime(0);
    let tForce = this.forceAt ?? inf;
    let tSignal = this.signals === SIGNALS.manual ? this.manualAt : inf;
    const end = this.end;
    const nUser = this.wl.nUser;
    const nThreads = this.wl.nThreads;
    let events = 0;
    while (!this.done) {
      // Only the global branch below moves the scalars (and sets `done`): the task events up to the next global
      // event run in a tight inner loop, users and idle tasks switching inline.
      const tg = Math.min(tAttempt, tForce, tSignal);
      const lim = Math.min(tg, end);
      let th = heap.peekKey();
      while (th <= lim) {
        const item = heap.pop();
        events++;
        // exit_to_user_mode_loop() / do_idle() tail: klp_update_patch_state().
        if (item < nUser || item >= nThreads) st.switchTask(item, th, false);
        else this.asyncKthread(item, th);
        th = heap.peekKey();
      }
      if (th <= tg || tg > end) break; // the next event is past the end
      events++;
      if (tAttempt === tg) {
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

  /** A pending kthread's asynchronous opportunity fires (users and idle tasks switch inline in `loop`). */
  private asyncKthread(i: number, t: number): void {
    const wl = this.wl;
    let clean: boolean;
    if (i < wl.nUser + wl.cpuBoundKthreads) {
      // cond_resched() → klp_try_switch_task(current): its own stack check (q = P(clean)).
      clean = wl.condReschedClean(i, t);
    } else {
      clean = wl.freezableSleepClean(i, t);
    }
    if (clean) {
      this.st.switchTask(i, t, false);
      return;
    }
    const next = this.nextAsync(i, t);
    if (next < Number.POSITIVE_INFINITY) this.heap.push(i, next);
  }

  private attempt(t: number): void {
    const { wl, st, heap } = this;
    st.attempts++;
    const nThreads = wl.nThreads;
    const plist = st.plist;
    const reliable = this.reliable;
    const unrel = this.unreliable;
    // Without reliable stacks and idle tasks an attempt can switch nobody: skip the sweep.
    const sweep = reliable || wl.nTasks > nThreads;
    // Backwards: switchTask moves the last pending task into the freed slot, which was already visited.
    for (let k = sweep ? st.pcount - 1 : -1; k >= 0; k--) {
      const i = plist[k];
      if (i < nThreads) {
        if (!reliable) continue;
        const v = wl.check(i, t);
        if ((v & VIEW.onCpu) !== 0) continue; // -EBUSY
        if (unrel > 0 && bernoulli(this.streams.get(STREAM.misc, i), unrel)) continue; // -EINVAL
        if ((v & VIEW.blocked) !== 0) continue; // -EADDRINUSE
        heap.remove(i);
        st.switchTask(i, t, false);
      } else {
        const v = wl.idleCheck(i, t);
        if ((v & VIEW.onCpu) !== 0) {
          if (this.idleKick) {
            st.idleKicks++;
            heap.offer(i, t + this.idleDelay);
          }
        } else if (reliable && (v & VIEW.blocked) === 0) {
          heap.remove(i);
          st.switchTask(i, t, false);
        }
      }
    }
    if (st.pcount === 0) {
      st.tDone = t;
      this.done = true;
      return;
    }
    const cnt = this.signalsCnt;
    if (this.signals === SIGNALS.auto && cnt > 0 && cnt % this.signalsEvery === 0) this.sendSignals(t);
    this.signalsCnt = cnt + 1;
  }

  /** klp_send_signals(): fake signal to pending users, interruptible wakeup of pending kthreads. */
  private sendSignals(t: number): void {
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
   * klp_force_transition(): everyone still pending switches now, unsafely where blocked. [I] Idle tasks are
   * switched too but never counted unsafe (the same thread scope as immediate's unsafe count).
   */
  private force(t: number): void {
    const { wl, st } = this;
    if (st.pcount === 0) return;
    const nThreads = wl.nThreads;
    const plist = st.plist;
    for (let k = st.pcount - 1; k >= 0; k--) {
      const i = plist[k];
      let blocked = false;
      if (i < nThreads) {
        blocked = (wl.check(i, t) & VIEW.blocked) !== 0;
        if (blocked) {
          st.inflight += wl.residual(i, t);
          if (bernoulli(this.streams.get(STREAM.misc, i), this.pairProb)) st.mixedPairs++;
        }
      }
      st.switchTask(i, t, blocked);
    }
    this.heap.clear();
    st.forced = 1;
    st.tDone = t;
    this.done = true;
  }

  /** Time of the next attempt after the one at t: round_jiffies_relative(period) (§2.5 nextAligned, [TIMER]). */
  private nextAttemptTime(t: number): number {
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

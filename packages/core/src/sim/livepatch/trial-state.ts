import { M, METRIC_COUNT } from "./metrics.ts";
import { pendingAt, switchTimeQuantiles } from "./switch-times.ts";

/** Blocker reasons of the `blocked*` metrics, in their declaration order (§2.6). */
export const BLOCKER = { running: 0, onStack: 1, unreliable: 2, uninterruptible: 3, kthread: 4 } as const;
const BLOCKERS = 5;
/** The quantiles of `switchTimeP50`, `P90`, `P99`. */
const SWITCH_QUANTILES = [0.5, 0.9, 0.99] as const;

/**
 * Per-trial task bookkeeping shared by the models: pending flags, a pending list for O(pending) sweeps, and the
 * accumulators of the §2.6 outputs. Tasks are numbered users, kthreads, idle tasks (§2.2).
 *
 * The nOld/nNew integrals are exact without per-event bookkeeping: every switch happens inside the window
 * [0, W], so ∫ nOld = Σ_switched tSw + pending·W, ∫ nOld·1[nNew > 0] = ∫ nOld − nScope·tFirst and
 * ∫ 1[nOld > 0 ∧ nNew > 0] = min(tLast, W) − tFirst (tLast = W while a task is pending). The switch times of
 * the tasks in scope are kept (in switching order) for `pendingAt*` and the switch-time quantiles.
 */
export class TrialState {
  declare readonly nTasks: number;
  declare readonly nThreads: number;
  declare readonly nUser: number;
  declare readonly pend: Uint8Array;
  /** Pending tasks (any order) and each task's position in it (−1 when not pending). */
  declare readonly plist: Int32Array;
  declare readonly ppos: Int32Array;
  pcount = 0;

  /** Tasks [0, scopeEnd) are in the nOld/nNew scope; the others (idle, kGraft 'excluded' kthreads) are not. */
  scopeEnd = 0;
  pendingScope = 0;
  switched = 0;
  sumSw = 0;
  tFirst = Number.POSITIVE_INFINITY;
  tLast = Number.NEGATIVE_INFINITY;
  unsafe = 0;
  kthreadUnsafe = 0;
  inflight = 0;
  mixedPairs = 0;
  declare private readonly swTimes: Float64Array;
  /** Whether swTimes is in nondecreasing order (event-driven models switch in time order). */
  private swSorted = true;

  // Model counters (§2.6); written by the models, read by `write`.
  tDone = Number.POSITIVE_INFINITY;
  attempts = 0;
  signalRounds = 0;
  signalsSent = 0;
  syscallRestarts = 0;
  kthreadWakeAttempts = 0;
  kthreadsWoken = 0;
  idleKicks = 0;
  stackWalks = 0;
  smPauseTotal = 0;
  smPauseMax = 0;
  applied = 0;
  reversed = 0;
  forced = 0;
  tReverse = Number.NaN;
  reverseCompleted = 0;
  /** kGraft 'excluded': kthread-seconds on old code while a user task is new; set by the model. */
  kthreadOld = 0;
  /** Pending tasks by blocker reason at 15 s (0 … 4) and at the deadline (5 … 9); NaN = not produced. */
  readonly blocked = new Float64Array(2 * BLOCKERS);
  /** Events processed over the kernel's lifetime (never reset; for benchmarks). */
  events = 0;
  private readonly values = new Float64Array(METRIC_COUNT);
  private readonly pair = new Float64Array(2);
  private readonly quantiles = new Float64Array(SWITCH_QUANTILES.length);

  constructor(nTasks: number, nThreads: number, nUser: number) {
    this.nTasks = nTasks;
    this.nThreads = nThreads;
    this.nUser = nUser;
    this.pend = new Uint8Array(nTasks);
    this.plist = new Int32Array(nTasks);
    this.ppos = new Int32Array(nTasks).fill(-1);
    this.swTimes = new Float64Array(nTasks);
  }

  /** Starts a model run: no task pending, counters zero; `scopeEnd` as above. */
  reset(scopeEnd: number): void {
    const { pend, plist, ppos } = this;
    for (let k = 0; k < this.pcount; k++) {
      const i = plist[k];
      pend[i] = 0;
      ppos[i] = -1;
    }
    this.pcount = 0;
    this.scopeEnd = scopeEnd;
    this.pendingScope = 0;
    this.switched = 0;
    this.swSorted = true;
    this.sumSw = 0;
    this.tFirst = Number.POSITIVE_INFINITY;
    this.tLast = Number.NEGATIVE_INFINITY;
    this.unsafe = 0;
    this.kthreadUnsafe = 0;
    this.inflight = 0;
    this.mixedPairs = 0;
    this.tDone = Number.POSITIVE_INFINITY;
    this.attempts = 0;
    this.signalRounds = 0;
    this.signalsSent = 0;
    this.syscallRestarts = 0;
    this.kthreadWakeAttempts = 0;
    this.kthreadsWoken = 0;
    this.idleKicks = 0;
    this.stackWalks = 0;
    this.smPauseTotal = 0;
    this.smPauseMax = 0;
    this.applied = 0;
    this.reversed = 0;
    this.forced = 0;
    this.tReverse = Number.NaN;
    this.reverseCompleted = 0;
    this.kthreadOld = 0;
    this.blocked.fill(Number.NaN);
  }

  /** Marks tasks [from, to) pending (TIF_PATCH_PENDING / kGraft in-progress). */
  pendRange(from: number, to: number): void {
    // pendRaw's loop with the arrays and the count in locals: one field write per range, not three per task.
    const { pend, plist, ppos } = this;
    let k = this.pcount;
    for (let i = from; i < to; i++) {
      pend[i] = 1;
      plist[k] = i;
      ppos[i] = k++;
    }
    this.pcount = k;
    const scopeTo = Math.min(to, this.scopeEnd);
    if (scopeTo > from) this.pendingScope += scopeTo - from;
  }

  /** Marks task i pending with no bookkeeping (the reverse transition's pending set). */
  pendRaw(i: number): void {
    this.pend[i] = 1;
    this.plist[this.pcount] = i;
    this.ppos[i] = this.pcount++;
  }

  /** Clears task i's pending flag with no bookkeeping (a reverse-transition switch back). */
  unpendRaw(i: number): void {
    this.pend[i] = 0;
    const { plist, ppos } = this;
    const k = ppos[i];
    const last = plist[--this.pcount];
    plist[k] = last;
    ppos[last] = k;
    ppos[i] = -1;
  }

  /** switchTask (§2.5): the task runs new code from t on; `unsafe` = it was blocked (switched unsafely). */
  switchTask(i: number, t: number, unsafe: boolean): void {
    this.unpendRaw(i);
    if (i < this.scopeEnd) {
      this.pendingScope--;
      // While the times are sorted the previous one is their maximum, tLast: comparing with it needs no load
      // from swTimes (once unsorted, they stay so).
      if (t < this.tLast) this.swSorted = false;
      else if (t > this.tLast) this.tLast = t;
      this.swTimes[this.switched++] = t;
      this.sumSw += t;
      if (t < this.tFirst) this.tFirst = t;
      if (unsafe) this.countUnsafe(i);
    }
  }

  /** One more unsafe switch of thread i (kthreads also counted apart). */
  countUnsafe(i: number): void {
    this.unsafe++;
    if (i >= this.nUser && i < this.nThreads) this.kthreadUnsafe++;
  }

  /** Adds one pending task held for `reason` to the (opened) snapshot at 15 s or at the deadline. */
  countBlocker(reason: number, atDeadline: boolean): void {
    this.blocked[(atDeadline ? BLOCKERS : 0) + reason] += 1;
  }

  /** Opens an (all zero) blocker snapshot, so that a snapshot with no pending task reads 0, not NaN. */
  openBlockers(atDeadline: boolean): void {
    this.blocked.fill(0, atDeadline ? BLOCKERS : 0, atDeadline ? 2 * BLOCKERS : BLOCKERS);
  }

  /**
   * Writes the outputs of a model run into `out[base + metricIndex]` for the metrics in `produced`.
   * `windowEnd` is min(tDone, deadline) (the horizon when there is no deadline): the integration window.
   */
  write(out: Float64Array, base: number, produced: Uint8Array, windowEnd: number, deadline: number | null): void {
    const nScope = this.switched + this.pendingScope;
    const w = windowEnd;
    const completed = this.tDone < Number.POSITIVE_INFINITY && (deadline === null || this.tDone <= deadline) ? 1 : 0;
    let tFirst: number;
    let tLast: number;
    let old: number;
    let mixedTask = 0;
    let mixedSystem = 0;
    if (nScope === 0) {
      tFirst = Number.NaN;
      tLast = Number.NaN;
      old = 0;
    } else {
      tFirst = this.switched > 0 ? this.tFirst : Number.POSITIVE_INFINITY;
      tLast = this.pendingScope > 0 ? Number.POSITIVE_INFINITY : this.tLast;
      old = this.sumSw + this.pendingScope * w;
      if (this.switched > 0 && this.tFirst < w) {
        mixedTask = old - nScope * this.tFirst;
        if (mixedTask < 0) mixedTask = 0;
        mixedSystem = (this.pendingScope > 0 ? w : Math.min(this.tLast, w)) - this.tFirst;
      }
    }
    const v = this.values;
    v[M.tDone] = this.tDone;
    v[M.tFirstSwitch] = tFirst;
    v[M.tLastSwitch] = tLast;
    v[M.attempts] = this.attempts;
    v[M.signalRounds] = this.signalRounds;
    v[M.signalsSent] = this.signalsSent;
    v[M.syscallRestarts] = this.syscallRestarts;
    v[M.kthreadWakeAttempts] = this.kthreadWakeAttempts;
    v[M.kthreadsWoken] = this.kthreadsWoken;
    v[M.idleKicks] = this.idleKicks;
    v[M.smCalls] = this.attempts;
    v[M.smPauseTotal] = this.smPauseTotal;
    v[M.smPauseMax] = this.smPauseMax;
    v[M.unsafeSwitches] = this.unsafe;
    v[M.inflightOldSeconds] = this.inflight;
    v[M.mixedPairs] = this.mixedPairs;
    v[M.oldTaskSeconds] = old;
    v[M.mixedTaskSeconds] = mixedTask;
    v[M.mixedSystemSeconds] = mixedSystem;
    v[M.kthreadOldSeconds] = this.kthreadOld;
    v[M.kthreadUnsafeSwitches] = this.kthreadUnsafe;
    v[M.stackWalks] = this.stackWalks;
    this.writeSwitchTimes(v);
    for (let k = 0; k < 2 * BLOCKERS; k++) v[M.blockedRunningAt15 + k] = this.blocked[k];
    v[M.tReverse] = this.tReverse;
    v[M.completed] = completed;
    v[M.applied] = this.applied;
    v[M.anyUnsafe] = this.unsafe > 0 ? 1 : 0;
    v[M.reversed] = this.reversed;
    v[M.forced] = this.forced;
    v[M.reverseCompleted] = this.reverseCompleted;
    v[M.stuck] = this.reversed === 1 && this.reverseCompleted === 0 ? 1 : 0;
    for (let m = 0; m < v.length; m++) if (produced[m] === 1) out[base + m] = v[m];
  }

  private writeSwitchTimes(v: Float64Array): void {
    const { swTimes, switched: n, pendingScope: pending, pair, quantiles } = this;
    pendingAt(swTimes, n, pending, 1, 15, pair, this.swSorted);
    v[M.pendingAt1] = pair[0];
    v[M.pendingAt15] = pair[1];
    if (n > 0 && this.tFirst === this.tLast) {
      // Everyone switched at once (immediate, stop_machine): no selection needed.
      v[M.switchTimeP50] = this.atOnce(0.5, n, pending);
      v[M.switchTimeP90] = this.atOnce(0.9, n, pending);
      v[M.switchTimeP99] = this.atOnce(0.99, n, pending);
      return;
    }
    switchTimeQuantiles(swTimes, n, pending, SWITCH_QUANTILES, quantiles, this.swSorted);
    v[M.switchTimeP50] = quantiles[0];
    v[M.switchTimeP90] = quantiles[1];
    v[M.switchTimeP99] = quantiles[2];
  }

  /** Nearest-rank quantile when all n switched threads switched at tFirst. */
  private atOnce(q: number, n: number, pending: number): number {
    return Math.max(1, Math.ceil(q * (n + pending))) > n ? Number.POSITIVE_INFINITY : this.tFirst;
  }
}

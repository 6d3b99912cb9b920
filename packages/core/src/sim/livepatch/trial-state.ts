import { M, METRIC_COUNT } from "./metrics.ts";

/**
 * Per-trial task bookkeeping shared by the models: pending flags, a pending list for O(pending) sweeps, and the
 * accumulators of the §2.6 outputs. Tasks are numbered users, kthreads, idle tasks (§2.2).
 *
 * The nOld/nNew integrals are exact without per-event bookkeeping: every switch happens inside the window
 * [0, W], so ∫ nOld = Σ_switched tSw + pending·W, ∫ nOld·1[nNew > 0] = ∫ nOld − nScope·tFirst and
 * ∫ 1[nOld > 0 ∧ nNew > 0] = min(tLast, W) − tFirst (tLast = W while a task is pending).
 */
export class TrialState {
  declare readonly nTasks: number;
  declare readonly nThreads: number;
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
  inflight = 0;
  mixedPairs = 0;

  // Model counters (§2.6); written by the models, read by `write`.
  tDone = Number.POSITIVE_INFINITY;
  attempts = 0;
  signalRounds = 0;
  signalsSent = 0;
  syscallRestarts = 0;
  kthreadWakeAttempts = 0;
  kthreadsWoken = 0;
  idleKicks = 0;
  smPauseTotal = 0;
  smPauseMax = 0;
  applied = 0;
  reversed = 0;
  forced = 0;
  /** kGraft 'excluded': kthread-seconds on old code while a user task is new; set by the model. */
  kthreadOld = 0;
  /** Events processed over the kernel's lifetime (never reset; for benchmarks). */
  events = 0;
  private readonly values = new Float64Array(METRIC_COUNT);

  constructor(nTasks: number, nThreads: number) {
    this.nTasks = nTasks;
    this.nThreads = nThreads;
    this.pend = new Uint8Array(nTasks);
    this.plist = new Int32Array(nTasks);
    this.ppos = new Int32Array(nTasks).fill(-1);
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
    this.sumSw = 0;
    this.tFirst = Number.POSITIVE_INFINITY;
    this.tLast = Number.NEGATIVE_INFINITY;
    this.unsafe = 0;
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
    this.smPauseTotal = 0;
    this.smPauseMax = 0;
    this.applied = 0;
    this.reversed = 0;
    this.forced = 0;
    this.kthreadOld = 0;
  }

  /** Marks tasks [from, to) pending (TIF_PATCH_PENDING / kGraft in-progress). */
  pendRange(from: number, to: number): void {
    const { pend, plist, ppos } = this;
    let c = this.pcount;
    for (let i = from; i < to; i++) {
      pend[i] = 1;
      plist[c] = i;
      ppos[i] = c++;
    }
    this.pcount = c;
    const scopeTo = Math.min(to, this.scopeEnd);
    if (scopeTo > from) this.pendingScope += scopeTo - from;
  }

  /** switchTask (§2.5): the task runs new code from t on; `unsafe` = it was blocked (switched unsafely). */
  switchTask(i: number, t: number, unsafe: boolean): void {
    this.pend[i] = 0;
    const { plist, ppos } = this;
    const k = ppos[i];
    const last = plist[--this.pcount];
    plist[k] = last;
    ppos[last] = k;
    ppos[i] = -1;
    if (i < this.scopeEnd) {
      this.pendingScope--;
      this.switched++;
      this.sumSw += t;
      if (t < this.tFirst) this.tFirst = t;
      if (t > this.tLast) this.tLast = t;
      if (unsafe) this.unsafe++;
    }
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
    v[M.completed] = completed;
    v[M.applied] = this.applied;
    v[M.anyUnsafe] = this.unsafe > 0 ? 1 : 0;
    v[M.reversed] = this.reversed;
    v[M.forced] = this.forced;
    for (let m = 0; m < v.length; m++) if (produced[m] === 1) out[base + m] = v[m];
  }
}

// Constants of the livepatch simulation, one table per model or workload. Tags name the source in
// docs/livepatch-models.md §0: [R] read in that source, [I] a modelling choice (also configurable where the
// spec names a parameter; the parameter defaults live in params.ts only).

/** kpatch core module and `kpatch` script. */
export const KPATCH = {
  /** `MAX_LOAD_ATTEMPTS=5` [KP-SH] line 34. */
  MAX_LOAD_ATTEMPTS: 5,
  /** `RETRY_INTERVAL=2` s [KP-SH] line 36. */
  RETRY_INTERVAL: 2,
  /** `MAX_STACK_TRACE_DEPTH` = 64 entries → -EBUSY [KP-CORE] line 146. */
  MAX_STACK_TRACE_DEPTH: 64,
  /** `POST_ENABLE_WAIT=15` s then `POST_SIGNAL_WAIT=60` s before the script reverts a livepatch module [KP-SH]. */
  POST_ENABLE_WAIT: 15,
  POST_SIGNAL_WAIT: 60,
} as const;

/** Ksplice 0.9.9.1 `patch_action()` [KS]. */
export const KSPLICE = {
  /** `for (i = 0; i < 5; i++)` line 2516. */
  TRIES: 5,
  /** `schedule_timeout(msecs_to_jiffies(1000))` line 2529, seconds. */
  SLEEP: 1,
} as const;

/** kGraft (SUSE and the 2015 RFC). */
export const KGRAFT = {
  /** `KGR_TIMEOUT 2` [KGR-SUSE] kgraft.h line 29; `KGRAFT_TIMEOUT 2` [KGR-RFC] line 28. */
  TIMEOUT: 2,
} as const;

/** Upstream livepatch (kernel/livepatch/transition.c). */
export const KLP = {
  /** `SIGNALS_TIMEOUT 15` attempts [TR-511] line 20, [TR-64] line 22. */
  SIGNALS_TIMEOUT: 15,
  /** `MAX_STACK_ENTRIES 100` [TR-511, TR-64]. */
  MAX_STACK_ENTRIES: 100,
  /**
   * CPU the retry work runs on, for the `round_jiffies` skew of 3 jiffies per CPU [TIMER]. [I] 0: the skew is
   * ignored, as in §3.12.
   */
  WORK_CPU: 0,
  /** `rem < HZ/4` rounds down [TIMER] `round_jiffies_common()`. */
  ROUND_DOWN_FRACTION: 0.25,
} as const;

/**
 * Simulation horizon when `deadline` is null [I]: a transition still pending after an hour is reported as not
 * completed (tDone = +Inf), so that a stuck task cannot make a trial run forever.
 */
export const HORIZON = 3600;

/**
 * Stream kinds of the common-random-number scheme (§2.4): a stream is addressed by
 * (seed, point, trial, kind, task).
 */
export const STREAM = {
  exit: 0,
  block: 1,
  cpu: 2,
  intr: 3,
  wake: 4,
  phase: 5,
  sleep: 6,
  fp: 7,
  miss: 8,
  cr: 9,
  misc: 10,
  /** Persistent unreliable stacks (`livepatch.unreliableMode: sticky`), drawn per kernel episode. */
  unrel: 11,
  /** A user's cycles after it is redrawn in its stationary state far ahead (workload-mechanistic REGEN). */
  regen: 12,
} as const;
export type StreamKind = (typeof STREAM)[keyof typeof STREAM];
export const STREAM_KINDS = 13;

/** Task index of the per-trial global streams (enable phase, NMI failures); beyond any task index. */
export const GLOBAL_STREAM_INDEX = 0x7fffffff;

/** Task types (§2.2). */
export const TASK = { user: 0, kthread: 1, idle: 2 } as const;

/** Layer-B phases (§2.2). */
export const PHASE = {
  uRun: 0,
  uReady: 1,
  kRun: 2,
  kSleepI: 3,
  kSleepU: 4,
  idleOn: 5,
  idleOff: 6,
} as const;

/** Layer-B workload classes (§2.3). */
export const CLASS = {
  cpuBound: 0,
  server: 1,
  daemon: 2,
  dstate: 3,
  kthreadSleepy: 4,
  kthreadWorker: 5,
  kthreadCpuBound: 6,
  parked: 7,
  idle: 8,
  /** A kthread whose loop sleeps inside the patched function (kpatch PR 753's kworker). */
  kthreadParked: 9,
} as const;
export const CLASS_COUNT = 10;

/** Layer-B (mechanistic) workload, §2.3; every value [I]. Times in seconds. */
export const MECHANISTIC = {
  /** Shares of nUser; daemons take the rest. */
  SHARE_CPU_BOUND: 0.05,
  SHARE_SERVER: 0.6,
  /** cpuBound: syscall rate 10/s while running in user mode forever. */
  CPU_BOUND_SYSCALL_RATE: 10,
  /** U_RUN Exp(200 µs) → syscall → K_RUN Exp(20 µs). */
  USER_RUN_MEAN: 200e-6,
  SYSCALL_RUN_MEAN: 20e-6,
  /** Server/daemon: w.p. 0.7 the syscall sleeps interruptibly. dstate: always sleeps, uninterruptibly. */
  SLEEP_PROB: 0.7,
  SERVER_SLEEP_MEDIAN: 0.05,
  SERVER_SLEEP_SIGMA: 2,
  DAEMON_SLEEP_MEDIAN: 5,
  DAEMON_SLEEP_SIGMA: 1.5,
  DAEMON_SLEEP_CAP: 600,
  /** Kthreads: 10 % workers, the rest per-CPU sleepy. */
  SHARE_KTHREAD_WORKER: 0.1,
  KTHREAD_SLEEPY_SLEEP_MEAN: 1,
  KTHREAD_WORKER_SLEEP_MEAN: 0.1,
  KTHREAD_RUN_MEAN: 50e-6,
  /** CPU-bound kthreads call cond_resched() at this rate. */
  CPU_BOUND_KTHREAD_COND_RESCHED_RATE: 1000,
  /** The parked daemon of preset `parked` sleeps 600 s (interruptibly, like irqbalance in hrtimer_nanosleep). */
  PARKED_SLEEP: 600,
} as const;

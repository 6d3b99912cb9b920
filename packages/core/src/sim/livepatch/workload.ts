/** Bits of a stack-check view (`Workload.check`). */
export const VIEW = {
  /** running on a CPU (livepatch: -EBUSY; the idle task of an idle CPU). */
  onCpu: 1,
  /** a to-be-patched function is on the stack (-EADDRINUSE; kpatch/Ksplice: busy). */
  blocked: 2,
  /** the stack is unreliable for this whole kernel episode (`livepatch.unreliableMode: sticky`; -EINVAL). */
  unreliable: 4,
  /** `blocked` comes from a running kernel episode away from any preemption point (stop_machine: §1.3.1). */
  kernelRun: 8,
} as const;

/**
 * What the consistency models ask of a workload (Layer A `reduced`, Layer B `mechanistic`, §2.3). Tasks are
 * numbered users [0, nUser), kthreads [nUser, nThreads), idle tasks [nThreads, nTasks) (one per CPU).
 *
 * A workload draws every random number from the task's own streams (§2.4), so every model that asks the same
 * questions of the same task gets the same answers; `begin()` rewinds all task processes to t = 0.
 * Times passed in must not decrease per task (processes are evolved lazily and never rewound within a run).
 */
export interface Workload {
  readonly nUser: number;
  readonly nKthread: number;
  readonly nThreads: number;
  readonly nTasks: number;
  /** Number of leading kthreads that are CPU-bound: tasks [nUser, nUser + cpuBoundKthreads). */
  readonly cpuBoundKthreads: number;

  /** Starts trial (seed, point, trial): draws what all models of the trial share (t = 0 state, first exits). */
  beginTrial(seed: number, point: number, trial: number): void;
  /** Rewinds every task to its t = 0 state of the current trial (streams must have been begun). */
  begin(): void;

  /**
   * Stack-check view of thread i at time t: `VIEW` bits. Layer A: the i-th task's next check, consuming the
   * next draw of its (cpu, i) and (block, i) streams. Layer B: state of its phase process at t.
   */
  check(i: number, t: number): number;
  /** Layer A: skip thread i's checks up to index k (stop_machine early exit keeps check k = attempt k). */
  alignCheck(i: number, k: number): void;
  /** Residual old-frame time of thread i at t (used when it is switched unsafely). */
  residual(i: number, t: number): number;

  /** Next return to user mode of pending user i after t (kernel exit or user-IRQ return); +Inf if none. */
  nextExit(i: number, t: number): number;
  /** Next return to user mode of user i after t through a syscall's exit (kGraft's slow path, §1.4). */
  nextSyscallExit(i: number, t: number): number;
  /**
   * `nextSyscallExit(i, t)` of every user i, in user order, into out[i] for i in [0, nUser): for a model that
   * asks it of all users at once (kGraft's start), one tight pass instead of nUser calls down the workload.
   */
  nextSyscallExits(t: number, out: Float64Array): void;
  /** Next syscall entry of pending user i after t (Layer B; +Inf in Layer A). */
  nextEntry(i: number, t: number): number;
  /**
   * A fake signal reaches pending user i at t: returns its new next exit (t + delay when an interruptible
   * sleeper is woken or a user-mode runner is kicked; unchanged otherwise) and sets `lastRestart` when an
   * interruptible sleep was interrupted (a syscall restart).
   */
  signalUser(i: number, t: number, delay: number): number;
  readonly lastRestart: boolean;

  /** Interruptible wakeup of kthread i at t (wake_up_state / wake_up_process); true if it was really woken. */
  wakeKthread(i: number, t: number, delay: number): boolean;
  /** Whether kthread i sleeps in TASK_FREEZABLE (the v6.16 schedule hook can switch it). */
  isFreezable(i: number): boolean;
  /** Whether kthread i has a kGraft safe point (kthread_should_stop() / kgr_task_safe(), SUSE). */
  hasSafepoint(i: number): boolean;
  /** Whether user i is in an uninterruptible (D-state) sleep at t (Layer A: never). */
  isUninterruptible(i: number, t: number): boolean;
  /** Next cond_resched() call of CPU-bound kthread i after t, and whether that call sees a clean stack. */
  nextCondResched(i: number, t: number): number;
  condReschedClean(i: number, t: number): boolean;
  /** Next TASK_FREEZABLE sleep entry of kthread i after t (+Inf if none), and whether its stack is then clean. */
  nextFreezableSleep(i: number, t: number): number;
  freezableSleepClean(i: number, t: number): boolean;
  /** Next kGraft safe point of kthread i after t (Layer A: Poisson κ; Layer B: the end of its next run). */
  nextSafepoint(i: number, t: number, rate: number): number;
  /** kGraft safe point of kthread i after a wakeup at t (Layer A: t + delay; Layer B: the end of the run). */
  safepointAfterWake(i: number, t: number, delay: number): number;

  /** Idle task j (CPU j − nThreads) at t: `VIEW.onCpu` when the CPU is idle, `VIEW.blocked` if on stack. */
  idleCheck(j: number, t: number): number;
  /** Next return of idle task j to the idle-loop tail after t (Layer B: next busy→idle; Layer A: +Inf). */
  nextIdleReturn(j: number, t: number): number;
}

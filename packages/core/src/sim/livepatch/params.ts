import { z } from "zod";
import { KGRAFT, KLP, KPATCH, KSPLICE } from "./constants.ts";

// The only home of the livepatch defaults (docs/livepatch-models.md §P). Every default that is not a kernel or
// tool constant is [I]. Nested groups use `.prefault({})` (not `.default({})`, which would skip the inner
// defaults); defaults that depend on other parameters are resolved by the final transform.

const MAX_RATE = 1e9;
const MAX_SECONDS = 1e7;

function prob(def: number, description: string) {
  return z.number().min(0).max(1).default(def).meta({ description });
}
function rate(def: number, description: string) {
  return z.number().min(0).max(MAX_RATE).default(def).meta({ description });
}
function seconds(def: number, description: string) {
  return z.number().positive().max(MAX_SECONDS).default(def).meta({ description });
}
function delay(def: number, description: string) {
  return z.number().min(0).max(MAX_SECONDS).default(def).meta({ description });
}
function count(def: number, max: number, description: string) {
  return z.int().min(0).max(max).default(def).meta({ description });
}

export const ReducedParams = z
  .strictObject({
    exitRate: rate(1, "λ: kernel-exit Poisson rate per user thread (syscall and user-IRQ returns), per second"),
    blockedProb: prob(0.01, "p: probability that a patched function is on a thread's stack at a check"),
    blocking: z.enum(["iid", "sticky"]).default("iid").meta({
      description:
        "'iid': blocked drawn afresh at every check; 'sticky': drawn once at t = 0, cleared at a user's first kernel exit or redrawn at a kthread's wakeup",
    }),
    onCpuProb: prob(0, "r: probability that a thread is running on a CPU at a check"),
    interruptibleProb: prob(1, "ι: probability that a signalled or woken task is in an interruptible state"),
    kthreadBlockedProb: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: "p for kthreads [default: blockedProb]" }),
    blockedAfterWakeProb: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: "p of a kthread redrawn after a wakeup [default: blockedProb]" }),
    idleProb: prob(0, "rIdle: probability that a CPU is idle at a check (its idle task is running)"),
    idleBlockedProb: prob(0, "pIdle: probability that a busy CPU's idle task has a patched function on its stack"),
    cpuBoundKthreads: count(0, 100_000, "kthreads (among nKthread) that are on a CPU forever (r = 1)"),
    condReschedRate: rate(1000, "c: cond_resched() calls per second of a CPU-bound kthread"),
    condReschedCleanProb: prob(1, "q: probability that a cond_resched() call finds a clean stack"),
    kthreadFrameTime: seconds(1, "mean residual old-frame time of a blocked kthread switched unsafely (Exp), s"),
  })
  .meta({ description: "Layer A (reduced) workload: closed forms exist (§2.3, §3)" });

export const MechanisticParams = z
  .strictObject({
    preset: z
      .enum(["benign", "common", "hotpath", "parked"])
      .default("common")
      .meta({ description: "patched-function exposure preset (§2.3 table)" }),
    cpuBoundKthreads: count(0, 100_000, "kthreads (among nKthread) that stay K_RUN, calling cond_resched() 1000/s"),
  })
  .meta({ description: "Layer B (mechanistic) workload (§2.3)" });

export const StopMachineParams = z
  .strictObject({
    basePause: delay(0.0003, "stop_machine pause = basePause + perThreadPause × threads, s"),
    perThreadPause: delay(1e-6, "per-thread stack-walk cost inside stop_machine, s"),
  })
  .meta({ description: "stop_machine pause of kpatch and Ksplice (anchor 0.7 ms [KS-PRESS])" });

export const ImmediateParams = z
  .strictObject({
    pairProb: prob(0.5, "cPair: probability that an unsafely switched old frame calls a patched callee"),
  })
  .meta({ description: "immediate model (v4.0–v4.11, `immediate` flag)" });

export const KpatchParams = z
  .strictObject({
    attempts: z
      .int()
      .min(1)
      .max(1000)
      .default(KPATCH.MAX_LOAD_ATTEMPTS)
      .meta({ description: "K: insmod attempts (MAX_LOAD_ATTEMPTS)" }),
    retryInterval: delay(KPATCH.RETRY_INTERVAL, "R: sleep between attempts (RETRY_INTERVAL), s"),
    loadCost: delay(0.05, "L: insmod cost per attempt, s"),
    unwinderMissProb: prob(0, "m: probability that the non-reliable unwinder misses a patched frame"),
    deepStackProb: prob(0, "probability that a thread's stack has ≥ 64 entries (-EBUSY)"),
    nmiFailProb: prob(0, "probability that an NMI runs a patched function during the update (-EBUSY)"),
  })
  .meta({ description: "kpatch core module with the kpatch script's retries" });

export const KspliceParams = z
  .strictObject({
    attempts: z.int().min(1).max(1000).default(KSPLICE.TRIES).meta({ description: "K: stop_machine tries" }),
    retryInterval: delay(KSPLICE.SLEEP, "R: schedule_timeout between tries, s"),
    falsePositiveProb: prob(0, "f: probability that a stale return address makes the conservative scan busy"),
  })
  .meta({ description: "Ksplice 0.9.9.1" });

export const KgraftParams = z
  .strictObject({
    period: seconds(KGRAFT.TIMEOUT, "check (and fake-signal) period KGR_TIMEOUT, s"),
    fakeSignal: z
      .boolean()
      .default(false)
      .meta({ description: "send a fake signal to every in-progress task at every failed check" }),
    kthreads: z
      .enum(["excluded", "safepoints"])
      .default("excluded")
      .meta({ description: "'excluded': kthreads not patched (RFC); 'safepoints': SUSE kthread safe points" }),
    safepointRate: rate(0.5, "κ: safe-point rate of a freezable kthread, per second"),
    nonFreezableShare: prob(0.5, "share of kthreads without a freezer point (never migrate under 'safepoints')"),
    switchAtEntry: z
      .boolean()
      .default(true)
      .meta({ description: "also switch at syscall entry (mechanistic workload only)" }),
    signalDelay: delay(0.001, "δ: time from the fake signal to the return to user, s"),
  })
  .meta({ description: "kGraft 2015 (per-task universe)" });

export const LivepatchModelParams = z
  .strictObject({
    period: seconds(1, "Δ: retry period of klp_try_complete_transition, s"),
    roundJiffies: z
      .boolean()
      .default(true)
      .meta({ description: "align retries with round_jiffies_relative (first delay uniform on (0.75, 1.75] s)" }),
    signals: z
      .enum(["auto", "manual", "off"])
      .default("auto")
      .meta({ description: "'auto': every signalsEvery attempts (v5.1+); 'manual': at manualSignalAt; 'off'" }),
    signalsEvery: z
      .int()
      .min(1)
      .max(1_000_000)
      .default(KLP.SIGNALS_TIMEOUT)
      .meta({ description: "SIGNALS_TIMEOUT, attempts" }),
    manualSignalAt: delay(KPATCH.POST_ENABLE_WAIT, "time the kpatch script writes the sysfs `signal` attribute, s"),
    idleKick: z
      .boolean()
      .default(true)
      .meta({ description: "wake_up_if_idle() an idle CPU whose idle task is pending (v6.4+)" }),
    idleDelay: delay(5e-5, "time from the idle kick to the idle-loop tail, s"),
    condResched: z
      .boolean()
      .default(false)
      .meta({ description: "cond_resched() stack-checks the calling kthread (v6.4+)" }),
    freezableHook: z
      .boolean()
      .default(false)
      .meta({ description: "kthreads switch when going to a TASK_FREEZABLE sleep with a clean stack (2025)" }),
    reliableStacks: z
      .boolean()
      .default(true)
      .meta({ description: "arch has a reliable unwinder; false = no stack-check switching" }),
    unreliableProb: prob(0, "uUnrel: probability that one stack walk is unreliable (-EINVAL)"),
    forceAt: z
      .number()
      .min(0)
      .max(MAX_SECONDS)
      .nullable()
      .default(null)
      .meta({ description: "time the admin writes `force`, s; null = never" }),
    signalDelay: delay(0.001, "δ: time from a fake signal to the return to user, s"),
  })
  .meta({ description: "upstream livepatch hybrid (v4.12+)" });

const LivepatchParamsInput = z.strictObject({
  workload: z
    .enum(["mechanistic", "reduced"])
    .default("mechanistic")
    .meta({ description: "'mechanistic' (Layer B) or 'reduced' (Layer A, closed forms exist)" }),
  nCpu: z.int().min(1).max(4096).default(32).meta({ description: "CPUs; one idle task each" }),
  nUser: z.int().min(0).max(100_000).default(600).meta({ description: "user threads" }),
  nKthread: z.int().min(0).max(100_000).optional().meta({ description: "kernel threads [default: 8 × nCpu]" }),
  idleTasks: z
    .boolean()
    .default(true)
    .meta({ description: "include per-CPU idle tasks; false = no idle tasks at all" }),
  hz: z.int().min(1).max(100_000).default(250).meta({ description: "timer tick rate, Hz" }),
  deadline: z
    .number()
    .positive()
    .max(MAX_SECONDS)
    .nullable()
    .default(KPATCH.POST_ENABLE_WAIT + KPATCH.POST_SIGNAL_WAIT)
    .meta({ description: "policy deadline, s (kpatch script: revert after 15 + 60 s); null = none" }),
  reduced: ReducedParams.prefault({}),
  mechanistic: MechanisticParams.prefault({}),
  stopMachine: StopMachineParams.prefault({}),
  immediate: ImmediateParams.prefault({}),
  kpatch: KpatchParams.prefault({}),
  ksplice: KspliceParams.prefault({}),
  kgraft: KgraftParams.prefault({}),
  livepatch: LivepatchModelParams.prefault({}),
});

/**
 * Strict zod schema of the `livepatch` simulation's parameters. Parsing fills every default and resolves the
 * dependent ones (`nKthread` = 8 × nCpu, `reduced.kthreadBlockedProb` / `blockedAfterWakeProb` = blockedProb),
 * so the parsed value lists every parameter.
 */
export const LivepatchParamsSchema = LivepatchParamsInput.superRefine((v, ctx) => {
  const nKthread = v.nKthread ?? 8 * v.nCpu;
  if (v.nKthread === undefined && nKthread > 100_000) {
    ctx.addIssue({
      code: "custom",
      path: ["nKthread"],
      message: `must be at most 100000 (8 × nCpu = ${nKthread}; set nKthread explicitly)`,
    });
  }
  if (v.reduced.cpuBoundKthreads > nKthread) {
    ctx.addIssue({
      code: "custom",
      path: ["reduced", "cpuBoundKthreads"],
      message: `must not exceed nKthread (${nKthread})`,
    });
  }
  if (v.mechanistic.cpuBoundKthreads > nKthread) {
    ctx.addIssue({
      code: "custom",
      path: ["mechanistic", "cpuBoundKthreads"],
      message: `must not exceed nKthread (${nKthread})`,
    });
  }
}).transform((v) => ({
  workload: v.workload,
  nCpu: v.nCpu,
  nUser: v.nUser,
  nKthread: v.nKthread ?? 8 * v.nCpu,
  idleTasks: v.idleTasks,
  hz: v.hz,
  deadline: v.deadline,
  reduced: {
    exitRate: v.reduced.exitRate,
    blockedProb: v.reduced.blockedProb,
    blocking: v.reduced.blocking,
    onCpuProb: v.reduced.onCpuProb,
    interruptibleProb: v.reduced.interruptibleProb,
    kthreadBlockedProb: v.reduced.kthreadBlockedProb ?? v.reduced.blockedProb,
    blockedAfterWakeProb: v.reduced.blockedAfterWakeProb ?? v.reduced.blockedProb,
    idleProb: v.reduced.idleProb,
    idleBlockedProb: v.reduced.idleBlockedProb,
    cpuBoundKthreads: v.reduced.cpuBoundKthreads,
    condReschedRate: v.reduced.condReschedRate,
    condReschedCleanProb: v.reduced.condReschedCleanProb,
    kthreadFrameTime: v.reduced.kthreadFrameTime,
  },
  mechanistic: v.mechanistic,
  stopMachine: v.stopMachine,
  immediate: v.immediate,
  kpatch: v.kpatch,
  ksplice: v.ksplice,
  kgraft: v.kgraft,
  livepatch: v.livepatch,
}));

/** Parsed, fully resolved parameters of the `livepatch` simulation. */
export type LivepatchParams = z.output<typeof LivepatchParamsSchema>;
/** Parameters as written in a spec (every field optional). */
export type LivepatchParamsInput = z.input<typeof LivepatchParamsSchema>;

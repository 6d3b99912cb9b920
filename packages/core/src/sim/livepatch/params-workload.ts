import { z } from "zod";
import { count, flag, optionalProb, prob, rate, seconds } from "./params-helpers.ts";
import { PRESET_NAMES } from "./presets.ts";

// Workload parameters (docs/livepatch-models.md §P, §2.3): Layer A `reduced`, Layer B `mechanistic`, and the patch.

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
    kthreadBlockedProb: optionalProb("p for kthreads [default: blockedProb]"),
    blockedAfterWakeProb: optionalProb("p of a kthread redrawn after a wakeup [default: blockedProb]"),
    idleProb: prob(0, "rIdle: probability that a CPU is idle at a check (its idle task is running)"),
    idleBlockedProb: prob(0, "pIdle: probability that a busy CPU's idle task has a patched function on its stack"),
    cpuBoundKthreads: count(0, 100_000, "kthreads (among nKthread) that are on a CPU forever (r = 1)"),
    condReschedRate: rate(1000, "c: cond_resched() calls per second of a CPU-bound kthread"),
    condReschedCleanProb: prob(1, "q: probability that a cond_resched() call finds a clean stack"),
    kthreadFrameTime: seconds(1, "mean residual old-frame time of a blocked kthread switched unsafely (Exp), s"),
  })
  .meta({ description: "Layer A (reduced) workload: closed forms exist (§2.3, §3)" });

export const ExposureParams = z
  .strictObject({
    server: optionalProb("exposure of a server thread's sleep [default: the preset's]"),
    daemon: optionalProb("exposure of a daemon's sleep [default: the preset's]"),
    dstate: optionalProb("exposure of a D-state (uninterruptible) sleep [default: the preset's]"),
    kthread: optionalProb("exposure of a kthread's sleep [default: the preset's]"),
    running: optionalProb("exposure of a running kernel episode (syscall, kthread run) [default: the preset's]"),
  })
  .meta({
    description: "per task class: P(a patched function is on the stack during one episode), overriding the preset",
  });

export const MechanisticParams = z
  .strictObject({
    preset: z
      .enum(PRESET_NAMES)
      .default("moderate")
      .meta({ description: "patched-function exposure preset (§2.3 table; `moderate` derived in §2.3.1)" }),
    exposure: ExposureParams.prefault({}),
    cpuBoundKthreads: count(0, 100_000, "kthreads (among nKthread) that stay K_RUN, calling cond_resched() 1000/s"),
    parkedKthreads: count(
      0,
      100_000,
      "kthreads (among nKthread) whose loop sleeps inside the patched function (kpatch PR 753's kworker)",
    ),
    parkedKthreadPeriod: seconds(10, "mean sleep of a parked kthread between loop iterations, s (khugepaged: 10 s)"),
    dstateShare: prob(0.01, "share of user threads that sleep uninterruptibly (D state)"),
    dstateMedian: seconds(0.2, "median D-state sleep, s (LogNormal)"),
    dstateSigma: z
      .number()
      .min(0)
      .max(10)
      .default(1.5)
      .meta({ description: "σ of the D-state LogNormal sleep: its tail (§2.3.1: the hung-task timeout)" }),
    idlePeriod: seconds(0.002, "mean idle period of a CPU (IDLE_ON, Exp), s; NOHZ idle boxes: seconds"),
    busyPeriod: seconds(0.001, "mean busy period of a CPU between idle periods (IDLE_OFF, Exp), s"),
  })
  .meta({ description: "Layer B (mechanistic) workload (§2.3)" });

export const PatchFunction = z
  .strictObject({
    hotness: z
      .number()
      .min(0)
      .max(1e6)
      .default(1)
      .meta({ description: "multiplier of every exposure for this function (p → min(1, hotness·p))" }),
    sleeps: flag(true, "tasks can sleep inside this function (false: only running episodes are exposed)"),
  })
  .meta({ description: "one function of the patch" });

export const PatchParams = z
  .strictObject({
    functions: z
      .array(PatchFunction)
      .min(1)
      .max(64)
      .default([{ hotness: 1, sleeps: true }])
      .meta({
        description:
          "the patched functions; a task is blocked when any of them is on its stack (independent exposures)",
      }),
  })
  .meta({ description: "the patch: which functions it replaces" });

import { z } from "zod";
import { KGRAFT, KLP, KPATCH, KSPLICE } from "./constants.ts";
import { KERNEL_VERSIONS } from "./kernel-versions.ts";
import { delay, flag, MAX_SECONDS, prob, rate, seconds, timeLimit } from "./params-helpers.ts";

// Model parameters (docs/livepatch-models.md §P, §2.5). Optional fields get workload- or kernel-dependent
// defaults in params.ts.

export const StopMachineParams = z
  .strictObject({
    basePause: delay(0.0003, "stop_machine pause = basePause + perCpuPause × nCpu + perThreadPause × threads, s"),
    perThreadPause: delay(1e-6, "per-thread stack-walk cost inside stop_machine, s"),
    perCpuPause: delay(2e-6, "per-CPU cost of the stop_machine rendezvous and its state steps, s"),
    preemption: z.enum(["none", "voluntary", "full"]).optional().meta({
      description:
        "kernel preemption model [default: voluntary (mechanistic), full (reduced)]: with none/voluntary the stopper waits for each busy CPU to reach a preemption point and catches no running task inside the function",
    }),
    sectionMean: z.number().min(0).max(1).optional().meta({
      description:
        "mean remaining time of a busy CPU to its next preemption point, s [default: 5e-4 none, 5e-5 voluntary, 0 full]",
    }),
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
    fakeSignal: z.boolean().optional().meta({
      description:
        "send a fake signal to every in-progress task at every failed check, as SUSE did from 2015-04-09 [default: true (mechanistic), false (reduced, §3.1)]",
    }),
    kthreads: z.enum(["excluded", "safepoints"]).default("excluded").meta({
      description:
        "'excluded': kthreads not patched until finalize, then all switched (RFC); 'safepoints': SUSE kthread safe points",
    }),
    safepointRate: rate(0.5, "κ: safe-point rate of a kthread, per second (reduced; mechanistic: at its wakeups)"),
    nonFreezableShare: prob(0, "share of kthreads without a kGraft safe point (never migrate under 'safepoints')"),
    switchAtEntry: flag(true, "also switch at syscall entry (mechanistic workload only)"),
    signalDelay: delay(0.001, "δ: time from the fake signal to the return to user, s"),
  })
  .meta({ description: "kGraft 2015 (per-task universe)" });

export const LivepatchModelParams = z
  .strictObject({
    kernel: z.enum(KERNEL_VERSIONS).optional().meta({
      description:
        "release whose features are the defaults of signals, idleKick, condResched, freezableHook [default: 6.16 (mechanistic), 5.16 (reduced)]",
    }),
    period: seconds(1, "Δ: retry period of klp_try_complete_transition, s"),
    roundJiffies: flag(true, "align retries with round_jiffies_relative (first delay uniform on (0.75, 1.75] s)"),
    signals: z.enum(["auto", "manual", "off"]).optional().meta({
      description: "'auto': every signalsEvery attempts (v5.1+); 'manual': at manualSignalAt; 'off' [default: kernel]",
    }),
    signalsEvery: z
      .int()
      .min(1)
      .max(1_000_000)
      .default(KLP.SIGNALS_TIMEOUT)
      .meta({ description: "SIGNALS_TIMEOUT, attempts" }),
    manualSignalAt: delay(KPATCH.POST_ENABLE_WAIT, "time the kpatch script signals the stragglers, s"),
    idleKick: z
      .boolean()
      .optional()
      .meta({ description: "wake_up_if_idle() a pending idle CPU (v5.16+) [default: kernel]" }),
    idleDelay: delay(5e-5, "time from the idle kick to the idle-loop tail, s"),
    condResched: z
      .boolean()
      .optional()
      .meta({ description: "cond_resched() stack-checks the calling kthread (v6.4–v6.15) [default: kernel]" }),
    freezableHook: z.boolean().optional().meta({
      description: "kthreads switch when going to a TASK_FREEZABLE sleep with a clean stack (v6.16) [default: kernel]",
    }),
    reliableStacks: flag(true, "arch has a reliable unwinder; false = no stack-check switching"),
    unreliableProb: prob(0, "uUnrel: probability that a stack walk is unreliable (-EINVAL)"),
    unreliableMode: z.enum(["iid", "sticky"]).default("sticky").meta({
      description:
        "'sticky': an unreliable stack stays so for the task's kernel episode (a task preempted in the kernel without ORC); 'iid': redrawn at every walk",
    }),
    unwinderMissProb: prob(0, "m: probability that the reliable unwinder misses a patched frame (an unsafe switch)"),
    forceAt: z
      .number()
      .min(0)
      .max(MAX_SECONDS)
      .nullable()
      .default(null)
      .meta({ description: "time the admin writes `force`, s; null = never" }),
    signalDelay: delay(0.001, "δ: time from a fake signal to the return to user, s"),
    reverseDeadline: timeLimit(
      KPATCH.POST_ENABLE_WAIT + KPATCH.POST_SIGNAL_WAIT,
      "how long the kpatch script waits for the reverse transition, s; null = no limit",
    ),
  })
  .meta({ description: "upstream livepatch hybrid (v4.12+)" });

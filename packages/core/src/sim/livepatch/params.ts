import { z } from "zod";
import { KPATCH } from "./constants.ts";
import { DEFAULT_KERNEL, KERNEL_FEATURES } from "./kernel-versions.ts";
import { prob, timeLimit } from "./params-helpers.ts";
import {
  ImmediateParams,
  KgraftParams,
  KpatchParams,
  KspliceParams,
  LivepatchModelParams,
  StopMachineParams,
} from "./params-models.ts";
import { MechanisticParams, PatchParams, ReducedParams } from "./params-workload.ts";

// The only home of the livepatch defaults (docs/livepatch-models.md §P). Every default that is not a kernel or
// tool constant is [I]. Nested groups use `.prefault({})` (not `.default({})`, which would skip the inner
// defaults); defaults that depend on other parameters are resolved by the final transform.

/** Mean time of a busy CPU to its next preemption point, by preemption model [I] (§1.3.1). */
const SECTION_MEAN = { none: 5e-4, voluntary: 5e-5, full: 0 } as const;

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
  deadline: timeLimit(
    KPATCH.POST_ENABLE_WAIT + KPATCH.POST_SIGNAL_WAIT,
    "policy deadline, s (kpatch script: revert after 15 + 60 s); null = none",
  ),
  freezableKthreadShare: prob(
    0.03,
    "share of kthreads that sleep in TASK_FREEZABLE (set_freezable()): the ones the v6.16 schedule hook can switch",
  ),
  patch: PatchParams.prefault({}),
  reduced: ReducedParams.prefault({}),
  mechanistic: MechanisticParams.prefault({}),
  stopMachine: StopMachineParams.prefault({}),
  immediate: ImmediateParams.prefault({}),
  kpatch: KpatchParams.prefault({}),
  ksplice: KspliceParams.prefault({}),
  kgraft: KgraftParams.prefault({}),
  livepatch: LivepatchModelParams.prefault({}),
});

type Input = z.output<typeof LivepatchParamsInput>;

function checkKthreadCounts(v: Input, ctx: z.core.$RefinementCtx<Input>): void {
  const nKthread = v.nKthread ?? 8 * v.nCpu;
  if (v.nKthread === undefined && nKthread > 100_000) {
    ctx.addIssue({
      code: "custom",
      path: ["nKthread"],
      message: `must be at most 100000 (8 × nCpu = ${nKthread}; set nKthread explicitly)`,
    });
  }
  const limits: [string[], number][] = [
    [["reduced", "cpuBoundKthreads"], v.reduced.cpuBoundKthreads],
    [["mechanistic", "cpuBoundKthreads"], v.mechanistic.cpuBoundKthreads],
    [["mechanistic", "parkedKthreads"], v.mechanistic.cpuBoundKthreads + v.mechanistic.parkedKthreads],
  ];
  for (const [path, n] of limits) {
    if (n > nKthread) {
      const what = path[1] === "parkedKthreads" ? "with mechanistic.cpuBoundKthreads, " : "";
      ctx.addIssue({ code: "custom", path, message: `must not exceed nKthread (${what}${nKthread})` });
    }
  }
}

/** The hybrid's feature switches: the kernel release's unless set explicitly. */
function resolveLivepatch(v: Input) {
  const lp = v.livepatch;
  const kernel = lp.kernel ?? DEFAULT_KERNEL[v.workload];
  const f = KERNEL_FEATURES[kernel];
  return {
    ...lp,
    kernel,
    signals: lp.signals ?? f.signals,
    idleKick: lp.idleKick ?? f.idleKick,
    condResched: lp.condResched ?? f.condResched,
    freezableHook: lp.freezableHook ?? f.freezableHook,
  };
}

function resolveStopMachine(v: Input) {
  const sm = v.stopMachine;
  // The reduced workload keeps a deterministic pause (§3.3); the mechanistic one runs a distribution kernel.
  const preemption = sm.preemption ?? (v.workload === "reduced" ? "full" : "voluntary");
  return { ...sm, preemption, sectionMean: sm.sectionMean ?? SECTION_MEAN[preemption] };
}

/**
 * Strict zod schema of the `livepatch` simulation's parameters. Parsing fills every default and resolves the
 * dependent ones (`nKthread` = 8 × nCpu, `reduced.kthreadBlockedProb` / `blockedAfterWakeProb` = blockedProb,
 * the hybrid's features from `livepatch.kernel`, the preemption model), so the parsed value lists every parameter.
 */
export const LivepatchParamsSchema = LivepatchParamsInput.superRefine(checkKthreadCounts).transform((v) => ({
  workload: v.workload,
  nCpu: v.nCpu,
  nUser: v.nUser,
  nKthread: v.nKthread ?? 8 * v.nCpu,
  idleTasks: v.idleTasks,
  hz: v.hz,
  deadline: v.deadline,
  freezableKthreadShare: v.freezableKthreadShare,
  patch: v.patch,
  reduced: {
    ...v.reduced,
    kthreadBlockedProb: v.reduced.kthreadBlockedProb ?? v.reduced.blockedProb,
    blockedAfterWakeProb: v.reduced.blockedAfterWakeProb ?? v.reduced.blockedProb,
  },
  mechanistic: v.mechanistic,
  stopMachine: resolveStopMachine(v),
  immediate: v.immediate,
  kpatch: v.kpatch,
  ksplice: v.ksplice,
  // §3.1 is kGraft without signals; the mechanistic workload runs kGraft as SUSE shipped it.
  kgraft: { ...v.kgraft, fakeSignal: v.kgraft.fakeSignal ?? v.workload === "mechanistic" },
  livepatch: resolveLivepatch(v),
}));

/** Parsed, fully resolved parameters of the `livepatch` simulation. */
export type LivepatchParams = z.output<typeof LivepatchParamsSchema>;
/** Parameters as written in a spec (every field optional). */
export type LivepatchParamsInput = z.input<typeof LivepatchParamsSchema>;

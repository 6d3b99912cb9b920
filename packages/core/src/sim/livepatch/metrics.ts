import type { MetricDecl } from "../types.ts";

/** Per-trial outputs of the livepatch simulation, in the order of docs/livepatch-models.md §P (§2.6). */
export const LIVEPATCH_METRICS: readonly MetricDecl[] = [
  {
    name: "tDone",
    kind: "continuous",
    unit: "s",
    description: "time the model declares completion; +Inf if not completed by the deadline",
  },
  { name: "tFirstSwitch", kind: "continuous", unit: "s", description: "first switch of a thread (idle excluded)" },
  {
    name: "tLastSwitch",
    kind: "continuous",
    unit: "s",
    description: "last switch of a thread (idle excluded); +Inf if some thread never switched",
  },
  {
    name: "attempts",
    kind: "continuous",
    unit: "count",
    description: "stop_machine calls / klp_try_complete_transition calls / kGraft checks",
  },
  { name: "signalRounds", kind: "continuous", unit: "count", description: "fake-signal rounds" },
  { name: "signalsSent", kind: "continuous", unit: "count", description: "per-task fake signals" },
  {
    name: "syscallRestarts",
    kind: "continuous",
    unit: "count",
    description: "interruptible sleepers woken by a fake signal",
  },
  { name: "kthreadWakeAttempts", kind: "continuous", unit: "count", description: "kthread wake_up calls" },
  { name: "kthreadsWoken", kind: "continuous", unit: "count", description: "kthreads actually woken" },
  { name: "idleKicks", kind: "continuous", unit: "count", description: "wake_up_if_idle() calls" },
  { name: "smCalls", kind: "continuous", unit: "count", description: "stop_machine calls" },
  { name: "smPauseTotal", kind: "continuous", unit: "s", description: "total stop_machine pause" },
  { name: "smPauseMax", kind: "continuous", unit: "s", description: "longest stop_machine pause" },
  {
    name: "unsafeSwitches",
    kind: "continuous",
    unit: "count",
    description: "threads switched while a patched function was on their stack",
  },
  {
    name: "inflightOldSeconds",
    kind: "continuous",
    unit: "s",
    description: "sum of the residual old-frame times of unsafely switched threads (immediate, force)",
  },
  {
    name: "mixedPairs",
    kind: "continuous",
    unit: "count",
    description: "unsafely switched threads whose old frame calls a patched callee",
  },
  {
    name: "oldTaskSeconds",
    kind: "continuous",
    unit: "task·s",
    description: "∫ nOld(t) dt over [0, min(tDone, deadline)]",
  },
  {
    name: "mixedTaskSeconds",
    kind: "continuous",
    unit: "task·s",
    description: "∫ nOld(t)·1[nNew(t) > 0] dt: old tasks running alongside new ones",
  },
  {
    name: "mixedSystemSeconds",
    kind: "continuous",
    unit: "s",
    description: "∫ 1[nOld(t) > 0 ∧ nNew(t) > 0] dt: time old and new code coexist",
  },
  {
    name: "kthreadOldSeconds",
    kind: "continuous",
    unit: "task·s",
    description: "kGraft 'excluded': kthread-seconds on old code while at least one user task is new",
  },
  { name: "completed", kind: "proportion", unit: "", description: "tDone ≤ deadline" },
  { name: "applied", kind: "proportion", unit: "", description: "kpatch/Ksplice: a stop_machine attempt succeeded" },
  { name: "anyUnsafe", kind: "proportion", unit: "", description: "unsafeSwitches > 0" },
  { name: "reversed", kind: "proportion", unit: "", description: "livepatch: still pending at the deadline, reverted" },
  { name: "forced", kind: "proportion", unit: "", description: "livepatch: the transition was forced" },
];

/** Index of each metric in `LIVEPATCH_METRICS` (the kernel's output layout). */
export const M = {
  tDone: 0,
  tFirstSwitch: 1,
  tLastSwitch: 2,
  attempts: 3,
  signalRounds: 4,
  signalsSent: 5,
  syscallRestarts: 6,
  kthreadWakeAttempts: 7,
  kthreadsWoken: 8,
  idleKicks: 9,
  smCalls: 10,
  smPauseTotal: 11,
  smPauseMax: 12,
  unsafeSwitches: 13,
  inflightOldSeconds: 14,
  mixedPairs: 15,
  oldTaskSeconds: 16,
  mixedTaskSeconds: 17,
  mixedSystemSeconds: 18,
  kthreadOldSeconds: 19,
  completed: 20,
  applied: 21,
  anyUnsafe: 22,
  reversed: 23,
  forced: 24,
} as const;
export type MetricName = keyof typeof M;
export const METRIC_COUNT = 25;

/** Continuous metrics reported as paired differences between models that both produce them. */
export const LIVEPATCH_COMPARISON_METRICS: readonly MetricName[] = [
  "tDone",
  "tLastSwitch",
  "attempts",
  "unsafeSwitches",
  "oldTaskSeconds",
  "mixedTaskSeconds",
  "mixedSystemSeconds",
  "smPauseTotal",
  "signalsSent",
  "inflightOldSeconds",
];

import type { MetricDecl } from "../types.ts";

/** Per-trial outputs of the livepatch simulation, in the order of docs/livepatch-models.md §P (§2.6). */
export const LIVEPATCH_METRICS: readonly MetricDecl[] = [
  {
    name: "tDone",
    kind: "continuous",
    unit: "s",
    description: "time the model declares completion; +Inf if not completed by the deadline",
    better: "lower",
  },
  { name: "tFirstSwitch", kind: "continuous", unit: "s", description: "first switch of a thread (idle excluded)" },
  {
    name: "tLastSwitch",
    kind: "continuous",
    unit: "s",
    description: "last switch of a thread (idle excluded); +Inf if some thread never switched",
    better: "lower",
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
  { name: "smPauseTotal", kind: "continuous", unit: "s", description: "total stop_machine pause", better: "lower" },
  { name: "smPauseMax", kind: "continuous", unit: "s", description: "longest stop_machine pause", better: "lower" },
  {
    name: "unsafeSwitches",
    kind: "continuous",
    unit: "count",
    description: "threads switched while a patched function was on their stack",
    better: "lower",
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
  {
    name: "kthreadUnsafeSwitches",
    kind: "continuous",
    unit: "count",
    description: "kthreads among unsafeSwitches (kGraft 'excluded': kthreads asleep in the function at finalize)",
  },
  {
    name: "stackWalks",
    kind: "continuous",
    unit: "count",
    description: "stack traces taken: stop_machine walks, klp_try_switch_task() walks and hook self-checks",
  },
  { name: "pendingAt1", kind: "continuous", unit: "count", description: "threads still on old code at t = 1 s" },
  {
    name: "pendingAt15",
    kind: "continuous",
    unit: "count",
    description: "threads still on old code at t = 15 s (the kpatch script's stall check)",
  },
  ...switchQuantile("P50", "median"),
  ...switchQuantile("P90", "90th percentile"),
  ...switchQuantile("P99", "99th percentile"),
  ...blockers("At15", "at t = 15 s"),
  ...blockers("AtDeadline", "at the deadline"),
  {
    name: "tReverse",
    kind: "continuous",
    unit: "s",
    description:
      "livepatch: duration of the reverse transition after the deadline's revert; +Inf if it stalls too, NaN without a revert",
  },
  { name: "completed", kind: "proportion", unit: "", description: "tDone ≤ deadline", better: "higher" },
  {
    name: "applied",
    kind: "proportion",
    unit: "",
    description: "kpatch/Ksplice: a stop_machine attempt succeeded",
    better: "higher",
  },
  { name: "anyUnsafe", kind: "proportion", unit: "", description: "unsafeSwitches > 0", better: "lower" },
  {
    name: "reversed",
    kind: "proportion",
    unit: "",
    description: "livepatch: still pending at the deadline, reverted",
    better: "lower",
  },
  {
    name: "forced",
    kind: "proportion",
    unit: "",
    description: "livepatch: the transition was forced",
    better: "lower",
  },
  {
    name: "reverseCompleted",
    kind: "proportion",
    unit: "",
    description: "livepatch: reverted and the reverse transition completed within livepatch.reverseDeadline",
  },
  {
    name: "stuck",
    kind: "proportion",
    unit: "",
    description: "livepatch: reverted and the reverse transition stalled too (left in transition)",
  },
];

function switchQuantile(suffix: string, what: string): MetricDecl[] {
  return [
    {
      name: `switchTime${suffix}`,
      kind: "continuous",
      unit: "s",
      description: `${what} of the threads' switch times in one trial (nearest rank; +Inf when it falls on a thread that never switched)`,
    },
  ];
}

/** The five mutually exclusive reasons a task still pending at an instant is held, as the hybrid's check finds it. */
function blockers(suffix: string, when: string): MetricDecl[] {
  const reasons: [string, string][] = [
    ["Running", "users on a CPU at the last check (-EBUSY) and idle tasks of idle CPUs"],
    ["OnStack", "users sleeping interruptibly with a patched function on the stack (-EADDRINUSE)"],
    ["Unreliable", "users whose last stack walk was unreliable (-EINVAL)"],
    ["Uninterruptible", "users in a D-state sleep with a patched function on the stack (signals cannot help)"],
    ["Kthread", "kthreads, which have no return to user mode"],
  ];
  return reasons.map(([reason, text]) => ({
    name: `blocked${reason}${suffix}`,
    kind: "continuous" as const,
    unit: "count",
    description: `livepatch: tasks still pending ${when}: ${text}`,
  }));
}

/** Index of each metric in `LIVEPATCH_METRICS` (the kernel's output layout; a test checks they agree). */
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
  kthreadUnsafeSwitches: 20,
  stackWalks: 21,
  pendingAt1: 22,
  pendingAt15: 23,
  switchTimeP50: 24,
  switchTimeP90: 25,
  switchTimeP99: 26,
  blockedRunningAt15: 27,
  blockedOnStackAt15: 28,
  blockedUnreliableAt15: 29,
  blockedUninterruptibleAt15: 30,
  blockedKthreadAt15: 31,
  blockedRunningAtDeadline: 32,
  blockedOnStackAtDeadline: 33,
  blockedUnreliableAtDeadline: 34,
  blockedUninterruptibleAtDeadline: 35,
  blockedKthreadAtDeadline: 36,
  tReverse: 37,
  completed: 38,
  applied: 39,
  anyUnsafe: 40,
  reversed: 41,
  forced: 42,
  reverseCompleted: 43,
  stuck: 44,
} as const;
export type MetricName = keyof typeof M;
export const METRIC_COUNT = 45;

/** The integrals of old code over the trial's window (§2.6): every model produces them, and they are compared. */
export const OLD_CODE_INTEGRALS: readonly MetricName[] = ["oldTaskSeconds", "mixedTaskSeconds", "mixedSystemSeconds"];

/** Continuous metrics reported as paired differences between models that both produce them. */
export const LIVEPATCH_COMPARISON_METRICS: readonly MetricName[] = [
  "tDone",
  "tLastSwitch",
  "attempts",
  "unsafeSwitches",
  ...OLD_CODE_INTEGRALS,
  "smPauseTotal",
  "signalsSent",
  "inflightOldSeconds",
];

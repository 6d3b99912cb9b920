import type { ModelDecl } from "../types.ts";
import { type MetricName, OLD_CODE_INTEGRALS } from "./metrics.ts";

const COMMON: readonly MetricName[] = [
  "tDone",
  "tFirstSwitch",
  "tLastSwitch",
  "attempts",
  "unsafeSwitches",
  ...OLD_CODE_INTEGRALS,
  "completed",
  "anyUnsafe",
  "kthreadUnsafeSwitches",
  "stackWalks",
  "pendingAt1",
  "pendingAt15",
  "switchTimeP50",
  "switchTimeP90",
  "switchTimeP99",
];
const STOP_MACHINE: readonly MetricName[] = [...COMMON, "smCalls", "smPauseTotal", "smPauseMax", "applied"];
/** What held the hybrid's transition (§2.6), and its reverse transition. */
const HYBRID_END: readonly MetricName[] = [
  ...(["At15", "AtDeadline"] as const).flatMap(
    (when) =>
      [
        `blockedRunning${when}`,
        `blockedOnStack${when}`,
        `blockedUnreliable${when}`,
        `blockedUninterruptible${when}`,
        `blockedKthread${when}`,
      ] as const,
  ),
  "tReverse",
  "reverseCompleted",
  "stuck",
];
const SIGNALS: readonly MetricName[] = [
  "signalRounds",
  "signalsSent",
  "syscallRestarts",
  "kthreadWakeAttempts",
  "kthreadsWoken",
];

/** Model names accepted in a spec's `models:` list. */
export const MODEL = {
  immediate: "immediate",
  kpatch: "kpatch",
  ksplice: "ksplice",
  kgraft: "kgraft",
  livepatch: "livepatch",
} as const;
export type ModelName = (typeof MODEL)[keyof typeof MODEL];

/** The five consistency models (§1) with the metrics each can produce. */
export const LIVEPATCH_MODELS: readonly ModelDecl[] = [
  {
    name: MODEL.immediate,
    description:
      "every task switches at t = 0, blocked or not (Linux v4.0–v4.11; v4.12–v4.15 `immediate` flag); no stack check, no waiting",
    metrics: [...COMMON, "inflightOldSeconds", "mixedPairs"],
  },
  {
    name: MODEL.kpatch,
    description:
      "kpatch.ko: stop_machine + non-reliable stack walk of every thread, all switch at once; script retries 5 × 2 s",
    metrics: STOP_MACHINE,
  },
  {
    name: MODEL.ksplice,
    description: "Ksplice 0.9.9.1: stop_machine + conservative scan of every stack word, 5 tries 1 s apart",
    metrics: STOP_MACHINE,
  },
  {
    name: MODEL.kgraft,
    description:
      "kGraft 2015: per-task universe, a task switches at its next syscall entry/exit or fake-signal return (every 2 s); kthreads all switch at finalize (RFC)",
    metrics: [...COMMON, ...SIGNALS, "kthreadOldSeconds"],
  },
  {
    name: MODEL.livepatch,
    description:
      "upstream livepatch hybrid (v4.12+): stack check ≈ every 1 s, kernel exit, idle loop, fake signals every 15 attempts, kthread hooks by kernel release, force, reverse transition at the deadline",
    metrics: [
      ...COMMON,
      ...SIGNALS,
      "idleKicks",
      "inflightOldSeconds",
      "mixedPairs",
      "reversed",
      "forced",
      ...HYBRID_END,
    ],
  },
];

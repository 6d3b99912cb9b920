// The upstream hybrid's features by kernel release (docs/livepatch-models.md §1.5 "Version feature flags").
// `livepatch.kernel` picks the defaults of the four feature parameters; each stays settable by itself.

export const KERNEL_VERSIONS = ["4.12", "5.1", "5.16", "6.4", "6.16"] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];

export interface KernelFeatures {
  /** 'manual': no in-kernel signal; the kpatch script signals the stragglers at 15 s (SIGSTOP/SIGCONT, later the
   *  sysfs `signal` attribute) [KP#753, SIG]. 'auto': klp_send_signals() every SIGNALS_TIMEOUT attempts. */
  readonly signals: "auto" | "manual";
  readonly idleKick: boolean;
  readonly condResched: boolean;
  readonly freezableHook: boolean;
}

/**
 * v4.12 per-task model [CM-1] (signals from the kpatch script only); v5.1 automatic fake signal [I: SUSE changelog];
 * v5.16 `wake_up_if_idle()` of idle CPUs ("sched,livepatch: Use wake_up_if_idle()", 5.16 merge window [I]);
 * v6.4 cond_resched() hook [CR]; v6.16 the TASK_FREEZABLE schedule hook replaces it [FRZ, I: release].
 */
export const KERNEL_FEATURES: Readonly<Record<KernelVersion, KernelFeatures>> = {
  "4.12": { signals: "manual", idleKick: false, condResched: false, freezableHook: false },
  "5.1": { signals: "auto", idleKick: false, condResched: false, freezableHook: false },
  "5.16": { signals: "auto", idleKick: true, condResched: false, freezableHook: false },
  "6.4": { signals: "auto", idleKick: true, condResched: true, freezableHook: false },
  "6.16": { signals: "auto", idleKick: true, condResched: false, freezableHook: true },
};

/**
 * Default release per workload: the mechanistic workload runs the current algorithm (6.16); the reduced one the
 * 5.16 feature set, which keeps every closed form of §3 exact (no hook switches a kthread between attempts).
 */
export const DEFAULT_KERNEL = { mechanistic: "6.16", reduced: "5.16" } as const satisfies Record<string, KernelVersion>;

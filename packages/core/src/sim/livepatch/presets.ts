// Patched-function exposure presets of the mechanistic workload (docs/livepatch-models.md §2.3). An exposure is
// the probability that one kernel episode of a task has a patched function on its stack: pSleep* for a sleep
// (drawn at its start), pRun for a running kernel episode. Every value is [I]; `moderate`, the default, is
// derived in §2.3.1 from the sources cited there, not fitted to an outcome.

export interface Preset {
  readonly pSleepServer: number;
  readonly pSleepDaemon: number;
  /** D-state sleepers (TASK_UNINTERRUPTIBLE). The presets older than `moderate` use pSleepServer [I]. */
  readonly pSleepDstate: number;
  readonly pSleepK: number;
  readonly pRun: number;
  /** One daemon asleep in the patched function at t = 0 for 600 s (the irqbalance case, kpatch PR 266). */
  readonly parked: boolean;
}

/**
 * `moderate` (§2.3.1): one exposure p for every sleeping user task, solved from E[persistent sleepers] ≈ 0.3 (a
 * blocked task whose sleep outlasts the kpatch script's 15 s wait): p = 0.3 / Σ_c N_c·P_c(residual sleep > 15 s)
 * = 0.3 / 151 ≈ 0.002 on the default box; kthreads, which make no syscalls, a quarter of it [I].
 */
export const PRESETS = {
  benign: { pSleepServer: 0, pSleepDaemon: 0, pSleepDstate: 0, pSleepK: 0, pRun: 0.001, parked: false },
  moderate: {
    pSleepServer: 0.002,
    pSleepDaemon: 0.002,
    pSleepDstate: 0.002,
    pSleepK: 0.0005,
    pRun: 0.002,
    parked: false,
  },
  common: { pSleepServer: 0.02, pSleepDaemon: 0.02, pSleepDstate: 0.02, pSleepK: 0.01, pRun: 0.01, parked: false },
  hotpath: { pSleepServer: 1, pSleepDaemon: 1, pSleepDstate: 1, pSleepK: 0.05, pRun: 0.05, parked: false },
  parked: { pSleepServer: 0, pSleepDaemon: 0, pSleepDstate: 0, pSleepK: 0, pRun: 0, parked: true },
} as const satisfies Record<string, Preset>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = ["benign", "moderate", "common", "hotpath", "parked"] as const;

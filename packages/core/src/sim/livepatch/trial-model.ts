import type { TrialState } from "./trial-state.ts";
import type { Workload } from "./workload.ts";

/**
 * A consistency model (§1): it runs each trial on the kernel's shared workload, recording into the shared trial
 * state, and returns the end of the trial's integration window.
 */
export abstract class TrialModel {
  declare protected readonly wl: Workload;
  declare protected readonly st: TrialState;

  constructor(wl: Workload, st: TrialState) {
    this.wl = wl;
    this.st = st;
  }

  /** Runs one trial; returns the end of the integration window. */
  abstract run(): number;
}

import { bernoulli } from "../../rng/distributions.ts";
import { STREAM } from "./constants.ts";
import type { LivepatchParams } from "./params.ts";
import type { StreamPool } from "./streams.ts";
import { TrialModel } from "./trial-model.ts";
import type { TrialState } from "./trial-state.ts";
import { VIEW, type Workload } from "./workload.ts";

/**
 * IMMEDIATE (§1.1, §2.5): every thread switches at t = 0 whatever its stack; a blocked thread is an unsafe
 * switch whose old frame keeps running for its residual time, and calls a patched callee w.p. cPair.
 * The t = 0 view is check 0 of every thread — the same draws as kpatch's first attempt (§3.6 coupling).
 */
export class ImmediateModel extends TrialModel {
  declare private readonly streams: StreamPool;
  declare private readonly pairProb: number;

  constructor(p: LivepatchParams, wl: Workload, st: TrialState, streams: StreamPool) {
    super(wl, st);
    this.streams = streams;
    this.pairProb = p.immediate.pairProb;
  }

  /** Runs one trial; returns the end of the integration window. */
  run(): number {
    const { wl, st } = this;
    const n = wl.nThreads;
    st.reset(n);
    st.pendRange(0, n);
    for (let i = 0; i < n; i++) {
      const blocked = (wl.check(i, 0) & VIEW.blocked) !== 0;
      if (blocked) {
        st.inflight += wl.residual(i, 0);
        if (bernoulli(this.streams.get(STREAM.misc, i), this.pairProb)) st.mixedPairs++;
      }
      st.switchTask(i, 0, blocked);
    }
    st.tDone = 0;
    st.attempts = 1;
    st.events++;
    return 0;
  }
}

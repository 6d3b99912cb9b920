import { describe, expect, it } from "vitest";
import { count, expectMean, expectProportion, reduced, simulate } from "./helpers.ts";

// docs/livepatch-models.md §3.6: immediate ↔ kpatch exact per-trial coupling through common random numbers,
// extended to livepatch's first attempt. Statistical checks: false-failure rate ≤ 1e-6 each (helpers.ts).

const M = 20_000;

describe("§3.6 immediate ↔ kpatch ↔ livepatch coupling (reduced, N = 40, p = 0.03, λ = 2)", () => {
  const N = 40;
  const p = 0.03;
  const lambda = 2;
  const models = ["immediate", "kpatch", "livepatch"];
  const r = simulate(reduced({ nUser: N }, { blockedProb: p, exitRate: lambda }), models, M);

  it("per trial: unsafeSwitches_immediate = 0 ⇔ kpatch applied at attempt 1 ⇔ livepatch done at t = 0", () => {
    for (let i = 0; i < M; i++) {
      const clean = r.immediate.unsafeSwitches[i] === 0;
      expect(r.kpatch.applied[i] === 1 && r.kpatch.attempts[i] === 1).toBe(clean);
      expect(r.livepatch.tDone[i] === 0).toBe(clean);
    }
  });

  it("E[unsafeSwitches] = Np and P(unsafeSwitches = 0) = (1 − p)^N = s of §3.3", () => {
    expectMean(r.immediate.unsafeSwitches, N * p, "unsafeSwitches");
    expectProportion(
      count(r.immediate.unsafeSwitches, (u) => u === 0),
      M,
      (1 - p) ** N,
      "P(unsafe = 0)",
    );
  });

  it("E[inflightOldSeconds] = Np/λ (residual Exp(λ) per blocked task) and E[mixedPairs] = Np·cPair", () => {
    expectMean(r.immediate.inflightOldSeconds, (N * p) / lambda, "inflightOldSeconds");
    expectMean(r.immediate.mixedPairs, N * p * 0.5, "mixedPairs");
  });

  it("immediate: completes at t = 0 with one attempt and no old-task time; anyUnsafe = unsafeSwitches > 0", () => {
    for (let i = 0; i < M; i++) {
      expect(r.immediate.tDone[i]).toBe(0);
      expect(r.immediate.attempts[i]).toBe(1);
      expect(r.immediate.completed[i]).toBe(1);
      expect(r.immediate.oldTaskSeconds[i]).toBe(0);
      expect(r.immediate.anyUnsafe[i]).toBe(r.immediate.unsafeSwitches[i] > 0 ? 1 : 0);
    }
  });

  it("livepatch's first attempt leaves exactly the blocked threads pending: its t = 0 switches are the immediate-safe ones", () => {
    // oldTaskSeconds − mixedTaskSeconds = nScope·tFirst = 0, and the blocked ones switch later (exit or check).
    for (let i = 0; i < M; i++) {
      expect(r.livepatch.tFirstSwitch[i]).toBe(0);
      if (r.immediate.unsafeSwitches[i] > 0) expect(r.livepatch.tLastSwitch[i]).toBeGreaterThan(0);
    }
  });
});

describe("coupling with kthreads and on the mechanistic workload", () => {
  it("E[inflightOldSeconds] = N_u·p/λ + N_k·p_k·τ_K with kthreads (τ_K = kthreadFrameTime)", () => {
    const r = simulate(
      reduced(
        { nUser: 20, nKthread: 30 },
        { blockedProb: 0.05, kthreadBlockedProb: 0.1, exitRate: 4, kthreadFrameTime: 2 },
      ),
      ["immediate"],
      M,
    ).immediate;
    expectMean(r.inflightOldSeconds, (20 * 0.05) / 4 + 30 * 0.1 * 2, "inflightOldSeconds");
    expectMean(r.unsafeSwitches, 20 * 0.05 + 30 * 0.1, "unsafeSwitches");
  });

  it("Layer B: immediate sees no blocked thread at t = 0 ⇔ kpatch's first stop_machine (at t = 0) passes", () => {
    const trials = 400;
    let clean = 0;
    for (const preset of ["benign", "common", "hotpath"]) {
      const r = simulate({ nCpu: 8, nUser: 60, mechanistic: { preset } }, ["kpatch", "immediate"], trials);
      for (let i = 0; i < trials; i++) {
        const c = r.immediate.unsafeSwitches[i] === 0;
        if (c) clean++;
        expect(r.kpatch.applied[i] === 1 && r.kpatch.attempts[i] === 1).toBe(c);
      }
    }
    expect(clean).toBeGreaterThan(0); // both sides of the equivalence are exercised
    expect(clean).toBeLessThan(3 * trials);
  });
});

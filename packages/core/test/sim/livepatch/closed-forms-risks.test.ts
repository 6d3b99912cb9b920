import { describe, expect, it } from "vitest";
import { count, expectKs, expectMean, expectProportion, harmonic, reduced, simulate } from "./helpers.ts";

// Closed forms of the debate's risks (docs/livepatch-models.md §3.7–§3.10), each derived from the §2.5 rules on
// the reduced workload. Statistical checks: false-failure rate ≤ 1e-6 each (5σ z-tests, KS at α = 1e-6;
// helpers.ts).

const M = 20_000;

describe("§3.7 livepatch with an unwinder that misses a patched frame w.p. m", () => {
  const N = 40;
  const p = 0.5;
  const m = 0.2;

  it("λ = 0: a check switches safely w.p. 1 − p, unsafely w.p. pm: P(A* ≤ k) = (1 − (p(1 − m))^{k+1})^N", () => {
    const r = simulate(
      reduced({ nUser: N, livepatch: { unwinderMissProb: m } }, { exitRate: 0, blockedProb: p, interruptibleProb: 0 }),
      ["livepatch"],
      M,
    ).livepatch;
    for (let k = 1; k <= 6; k++) {
      expectProportion(
        count(r.tDone, (d) => d <= k),
        M,
        (1 - (p * (1 - m)) ** (k + 1)) ** N,
        `k = ${k}`,
      );
    }
    const pu = (p * m) / (1 - p * (1 - m));
    expectMean(r.unsafeSwitches, N * pu, "unsafeSwitches");
    expectProportion(
      count(r.anyUnsafe, (u) => u === 1),
      M,
      1 - (1 - pu) ** N,
      "anyUnsafe",
    );
  });

  it("with exits (λ): P(unsafe) = pm / (1 − p(1 − m)e^{−λ}) per task; each old frame runs on Exp(λ) (inflightOldSeconds)", () => {
    const lambda = 0.8;
    const r = simulate(
      reduced({ nUser: N, livepatch: { unwinderMissProb: m } }, { exitRate: lambda, blockedProb: p }),
      ["livepatch"],
      M,
    ).livepatch;
    const pu = (p * m) / (1 - p * (1 - m) * Math.exp(-lambda));
    expectMean(r.unsafeSwitches, N * pu, "unsafeSwitches");
    expectMean(r.inflightOldSeconds, (N * pu) / lambda, "inflightOldSeconds");
    expectMean(r.mixedPairs, N * pu * 0.5, "mixedPairs");
    for (let i = 0; i < M; i++) expect(r.kthreadUnsafeSwitches[i]).toBe(0);
  });
});

describe("§3.8 kGraft 'excluded' (RFC): every kthread switches at finalize, unsafely if blocked then", () => {
  const nK = 30;
  const pk = 0.04;
  const params = reduced({ nUser: 20, nKthread: nK }, { exitRate: 2, blockedProb: 0.1, kthreadBlockedProb: pk });

  it("kthreadUnsafeSwitches ~ Binomial(nK, p_k) = unsafeSwitches; users are never unsafe", () => {
    const r = simulate(params, ["kgraft"], M).kgraft;
    expectMean(r.kthreadUnsafeSwitches, nK * pk, "kthreadUnsafeSwitches");
    expectProportion(
      count(r.anyUnsafe, (u) => u === 1),
      M,
      1 - (1 - pk) ** nK,
      "anyUnsafe",
    );
    for (let i = 0; i < M; i++) expect(r.unsafeSwitches[i]).toBe(r.kthreadUnsafeSwitches[i]);
  });

  it("exact per trial (common random numbers): finalize sees each kthread's check 0, as immediate does at t = 0", () => {
    const r = simulate(params, ["kgraft", "immediate"], 5000);
    for (let i = 0; i < 5000; i++) expect(r.kgraft.kthreadUnsafeSwitches[i]).toBe(r.immediate.kthreadUnsafeSwitches[i]);
  });

  it("'safepoints' (SUSE) switches kthreads at their safe points: no unsafe switch at all", () => {
    const r = simulate({ ...params, kgraft: { kthreads: "safepoints" } }, ["kgraft"], 2000).kgraft;
    for (let i = 0; i < 2000; i++) expect(r.unsafeSwitches[i]).toBe(0);
  });
});

describe("§3.9 persistent unreliable stacks (livepatch.unreliableMode: sticky)", () => {
  it("unreliable from t = 0 w.p. u until the first exit: P(T_last ≤ t) = (1 − u·e^{−λt})^N, atom (1 − u)^N at 0", () => {
    const N = 25;
    const u = 0.2;
    const lambda = 0.5;
    const r = simulate(
      reduced({ nUser: N, livepatch: { unreliableProb: u } }, { blockedProb: 0, exitRate: lambda }),
      ["livepatch"],
      M,
    ).livepatch;
    const atom = (1 - u) ** N;
    expectProportion(
      count(r.tLastSwitch, (t) => t === 0),
      M,
      atom,
      "P(T_last = 0)",
    );
    const positive = r.tLastSwitch.filter((t) => t > 0);
    expectKs(positive, (t) => ((1 - u * Math.exp(-lambda * t)) ** N - atom) / (1 - atom), "T_last | T_last > 0");
    for (let i = 0; i < M; i++) expect(r.tDone[i]).toBe(Math.ceil(r.tLastSwitch[i]));
  });
});

describe("§3.10 a patch of several functions (patch.functions)", () => {
  it("kpatch sees p' = 1 − Π(1 − min(1, h·p)): P(applied) = 1 − (1 − (1 − p')^N)^K", () => {
    const N = 40;
    const p = 0.01;
    const fns = [{ hotness: 1 }, { hotness: 2.5 }, { hotness: 0 }];
    const pEff = 1 - (1 - p) * (1 - 2.5 * p);
    const r = simulate(reduced({ nUser: N, patch: { functions: fns } }, { blockedProb: p }), ["kpatch"], M).kpatch;
    const s = (1 - pEff) ** N;
    expectProportion(
      count(r.applied, (a) => a === 1),
      M,
      1 - (1 - s) ** 5,
      "applied",
    );
    expectMean(r.attempts, (1 - (1 - s) ** 5) / s, "attempts");
  });
});

describe("§3.11 stop_machine without full preemption: the rendezvous waits for every busy CPU", () => {
  const mu = 2e-4;
  const nCpu = 8;
  const fixed = 0.0003 + 2e-6 * nCpu + 1e-6 * 10;
  const base = { nUser: 10, nCpu, stopMachine: { preemption: "voluntary", sectionMean: mu } };

  it("no idle tasks: pause − fixed = max of nCpu Exp(μ): P(≤ x) = (1 − e^{−x/μ})^nCpu (KS), mean μ·H_nCpu", () => {
    const r = simulate(reduced(base, { blockedProb: 0 }), ["kpatch"], M).kpatch;
    const wait = r.smPauseMax.map((x) => x - fixed);
    for (let i = 0; i < M; i++) expect(r.attempts[i]).toBe(1);
    expectKs(wait, (x) => (x <= 0 ? 0 : (1 - Math.exp(-x / mu)) ** nCpu), "rendezvous wait");
    expectMean(wait, mu * harmonic(nCpu), "rendezvous wait");
  });

  it("with idle CPUs (idle w.p. rIdle each): P(wait ≤ x) = (rIdle + (1 − rIdle)(1 − e^{−x/μ}))^nCpu", () => {
    const rIdle = 0.4;
    const r = simulate(
      reduced({ ...base, idleTasks: true }, { blockedProb: 0, idleProb: rIdle }),
      ["kpatch", "ksplice"],
      M,
    );
    const cdf = (x: number) => (rIdle + (1 - rIdle) * (1 - Math.exp(-x / mu))) ** nCpu;
    for (const m of ["kpatch", "ksplice"]) {
      const wait = r[m].smPauseMax.map((x) => x - fixed);
      const zero = count(wait, (w) => w < 1e-15);
      expectProportion(zero, M, cdf(0), `${m} P(no busy CPU)`);
      const atom = cdf(0);
      expectKs(
        wait.filter((w) => w >= 1e-15),
        (x) => (cdf(x) - atom) / (1 - atom),
        `${m} wait | some CPU busy`,
      );
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  count,
  expectKs,
  expectMean,
  expectProportion,
  harmonic,
  mean,
  reduced,
  simulate,
  variance,
} from "./helpers.ts";

// Closed forms of docs/livepatch-models.md §3.1 and derivations from the KGRAFT_2015 rules of §2.5.
// Every statistical check: false-failure rate ≤ 1e-6 (z at 5σ, KS at α = 1e-6; see helpers.ts).

const M = 20_000;

describe("§3.1 kGraft, Poisson exits, no signals (N = 100, λ = 1)", () => {
  const N = 100;
  const lambda = 1;
  const cols = simulate(reduced({ nUser: N }, { exitRate: lambda }), ["kgraft"], M).kgraft;

  it("T_last = max of N iid Exp(λ): P(T_last ≤ t) = (1 − e^{−λt})^N (KS)", () => {
    expectKs(cols.tLastSwitch, (t) => (1 - Math.exp(-lambda * t)) ** N, "T_last");
  });

  it("E[T_last] = H_N/λ = 5.187 s", () => {
    expect(harmonic(N) / lambda).toBeCloseTo(5.187, 3); // R: §3.1 example
    expectMean(cols.tLastSwitch, harmonic(N) / lambda, "T_last");
  });

  it("Var[T_last] = λ⁻² Σ 1/k² (z-test of s² with its estimated standard error)", () => {
    const x = cols.tLastSwitch;
    const m = mean(x);
    let m4 = 0;
    for (const v of x) m4 += (v - m) ** 4;
    m4 /= x.length;
    const s2 = variance(x);
    const se = Math.sqrt((m4 - s2 * s2) / x.length);
    expect(Math.abs(s2 - harmonic(N, 2) / lambda ** 2) / se).toBeLessThan(5);
  });

  it("T_first = min of N iid Exp(λ) ~ Exp(Nλ) (KS)", () => {
    expectKs(cols.tFirstSwitch, (t) => 1 - Math.exp(-N * lambda * t), "T_first");
  });

  it("completion is declared at a check: tDone ∈ {2, 4, …}, the first check after T_last", () => {
    for (let i = 0; i < M; i++) {
      const d = cols.tDone[i];
      expect(d % 2).toBe(0);
      expect(d >= cols.tLastSwitch[i] && d - 2 < cols.tLastSwitch[i]).toBe(true);
      expect(cols.attempts[i]).toBe(d / 2);
    }
  });

  it("P(tDone ≤ 2m) = (1 − e^{−2λm})^N for m = 1 … 6", () => {
    for (let m = 1; m <= 6; m++) {
      expectProportion(
        count(cols.tDone, (d) => d <= 2 * m),
        M,
        (1 - Math.exp(-2 * lambda * m)) ** N,
        `m = ${m}`,
      );
    }
  });

  it("E[tDone] = 2·Σ_{m≥0} [1 − (1 − e^{−2λm})^N]", () => {
    let e = 0;
    for (let m = 0; m < 200; m++) e += 2 * (1 - (1 - Math.exp(-2 * lambda * m)) ** N);
    expectMean(cols.tDone, e, "tDone");
  });

  it("E[mixedTaskSeconds] = (N − 1)/λ and E[mixedSystemSeconds] = H_{N−1}/λ", () => {
    expectMean(cols.mixedTaskSeconds, (N - 1) / lambda, "mixedTaskSeconds");
    expectMean(cols.mixedSystemSeconds, harmonic(N - 1) / lambda, "mixedSystemSeconds");
  });

  it("per trial: oldTaskSeconds = Σ S_i (E = N/λ), mixedSystemSeconds = T_last − T_first; no unsafe switch", () => {
    expectMean(cols.oldTaskSeconds, N / lambda, "oldTaskSeconds");
    for (let i = 0; i < M; i++) {
      expect(cols.mixedSystemSeconds[i]).toBeCloseTo(cols.tLastSwitch[i] - cols.tFirstSwitch[i], 12);
      expect(cols.oldTaskSeconds[i] - cols.mixedTaskSeconds[i]).toBeCloseTo(N * cols.tFirstSwitch[i], 8);
      expect(cols.unsafeSwitches[i]).toBe(0);
      expect(cols.completed[i]).toBe(1);
    }
  });
});

describe("kGraft derivations from the §2.5 rules", () => {
  it("fake signals, ι = 1: every user pending at the first check switches at 2 + δ, so tDone ∈ {2, 4}", () => {
    const N = 50;
    const lambda = 0.5;
    const delta = 0.001;
    const cols = simulate(
      reduced({ nUser: N, kgraft: { fakeSignal: true, signalDelay: delta } }, { exitRate: lambda }),
      ["kgraft"],
      M,
    ).kgraft;
    const pDone2 = (1 - Math.exp(-2 * lambda)) ** N;
    expectProportion(
      count(cols.tDone, (d) => d === 2),
      M,
      pDone2,
      "P(tDone = 2)",
    );
    for (let i = 0; i < M; i++) {
      const late = cols.tDone[i] === 4;
      expect(late || cols.tDone[i] === 2).toBe(true);
      // T_last = max_i min(S_i, 2 + δ): the stragglers all return from the signal at 2 + δ.
      if (late) expect(cols.tLastSwitch[i]).toBe(2 + delta);
      else expect(cols.tLastSwitch[i]).toBeLessThan(2);
      expect(cols.signalRounds[i]).toBe(late ? 1 : 0);
      expect(cols.syscallRestarts[i]).toBe(cols.signalsSent[i]); // ι = 1: every signalled task restarts
    }
    // signalsSent = #{i: S_i > 2} ~ Binomial(N, e^{−2λ}).
    expectMean(cols.signalsSent, N * Math.exp(-2 * lambda), "signalsSent");
  });

  it("fake signals, λ = 0: a user restarts at round G ~ Geometric(ι); tDone = 2(max G + 1), signalsSent has mean N/ι", () => {
    const N = 20;
    const iota = 0.4;
    const cols = simulate(
      reduced({ nUser: N, kgraft: { fakeSignal: true } }, { exitRate: 0, interruptibleProb: iota }),
      ["kgraft"],
      M,
    ).kgraft;
    for (let m = 1; m <= 8; m++) {
      expectProportion(
        count(cols.tDone, (d) => d <= 2 * (m + 1)),
        M,
        (1 - (1 - iota) ** m) ** N,
        `P(tDone ≤ ${2 * (m + 1)})`,
      );
    }
    expectMean(cols.signalsSent, N / iota, "signalsSent");
    for (let i = 0; i < M; i++) expect(cols.syscallRestarts[i]).toBe(N); // each user restarts exactly once
  });

  it("'excluded': kthreads never block completion and kthreadOldSeconds = nKthread·(tDone − T_first) per trial", () => {
    const nK = 7;
    const cols = simulate(reduced({ nUser: 30, nKthread: nK }), ["kgraft"], 2000).kgraft;
    for (let i = 0; i < 2000; i++) {
      expect(cols.kthreadOldSeconds[i]).toBeCloseTo(nK * (cols.tDone[i] - cols.tFirstSwitch[i]), 9);
      expect(cols.completed[i]).toBe(1);
    }
  });

  it("'safepoints', ι = 0: a freezable kthread switches at its first safe point ~ Exp(κ) (KS on T_last)", () => {
    const K = 10;
    const kappa = 0.5;
    const cols = simulate(
      reduced(
        { nUser: 0, nKthread: K, kgraft: { kthreads: "safepoints", nonFreezableShare: 0, safepointRate: kappa } },
        { interruptibleProb: 0 },
      ),
      ["kgraft"],
      M,
    ).kgraft;
    expectKs(cols.tLastSwitch, (t) => (1 - Math.exp(-kappa * t)) ** K, "T_last");
    for (let i = 0; i < M; i++) {
      expect(cols.kthreadsWoken[i]).toBe(0);
      // One wakeup of every kthread at start, then one per pending kthread at each failed check.
      expect(cols.kthreadWakeAttempts[i]).toBeGreaterThanOrEqual(K);
    }
  });

  it("'safepoints', ι = 1: the start wakeup moves every freezable kthread at δ; non-freezable ones never move", () => {
    const cols = simulate(
      {
        ...reduced({ nUser: 0, nKthread: 8, kgraft: { kthreads: "safepoints", nonFreezableShare: 0.5 } }),
        deadline: 30,
      },
      ["kgraft"],
      200,
    ).kgraft;
    for (let i = 0; i < 200; i++) {
      expect(cols.completed[i]).toBe(0);
      expect(cols.tDone[i]).toBe(Number.POSITIVE_INFINITY);
      expect(cols.tFirstSwitch[i]).toBe(0.001);
      expect(cols.tLastSwitch[i]).toBe(Number.POSITIVE_INFINITY);
      // 4 of 8 are non-freezable: the 4 others switch at δ, the rest keep the transition open to the deadline.
      expect(cols.oldTaskSeconds[i]).toBeCloseTo(4 * 0.001 + 4 * 30, 9);
      expect(cols.kthreadsWoken[i]).toBe(cols.kthreadWakeAttempts[i]);
    }
  });
});

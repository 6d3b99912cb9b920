import { describe, expect, it } from "vitest";
import { expectMean, harmonic, reduced, simulate } from "./helpers.ts";

// Closed forms of the metrics a person choosing a model wants (docs/livepatch-models.md §2.6, §3.14): per-task
// switch-time quantiles, tasks pending at 1 s and 15 s, stack walks, and what held the transition at 15 s.
// Statistical checks: false-failure rate ≤ 1e-6 each (helpers.ts).

const M = 20_000;

describe("§3.14 switch-time quantiles and pending tasks (kGraft, §3.1 setting: N = 100, λ = 1)", () => {
  const N = 100;
  const r = simulate(reduced({ nUser: N }), ["kgraft"], M).kgraft;

  it("the nearest-rank q-quantile of N Exp(λ) switch times is the ⌈qN⌉-th order statistic: E = H_N − H_{N−⌈qN⌉}", () => {
    expectMean(r.switchTimeP50, harmonic(N) - harmonic(50), "P50");
    expectMean(r.switchTimeP90, harmonic(N) - harmonic(10), "P90");
    expectMean(r.switchTimeP99, harmonic(N) - harmonic(1), "P99");
  });

  it("pendingAt1 ~ Binomial(N, e^{−λ}), pendingAt15 ~ Binomial(N, e^{−15λ})", () => {
    expectMean(r.pendingAt1, N * Math.exp(-1), "pendingAt1");
    expectMean(r.pendingAt15, N * Math.exp(-15), "pendingAt15");
  });

  it("kGraft walks no stack; immediate and an atomic kpatch switch everyone at one instant", () => {
    const all = simulate(reduced({ nUser: 30 }, { blockedProb: 0.02 }), ["kgraft", "immediate", "kpatch"], 500);
    for (let i = 0; i < 500; i++) {
      expect(all.kgraft.stackWalks[i]).toBe(0);
      expect(all.immediate.stackWalks[i]).toBe(0);
      expect(all.immediate.switchTimeP99[i]).toBe(0);
      const done = all.kpatch.tDone[i];
      expect(all.kpatch.switchTimeP50[i]).toBe(done); // +Inf when it never applied
      expect(all.kpatch.pendingAt15[i]).toBe(done <= 15 ? 0 : 30);
    }
  });
});

describe("§3.14 stack walks", () => {
  it("livepatch (§3.5 setting): a thread is walked until its first clean check, E[walks] = N/(1 − p)", () => {
    const N = 50;
    const p = 0.5;
    const r = simulate(
      reduced({ nUser: N }, { exitRate: 0, blockedProb: p, interruptibleProb: 0 }),
      ["livepatch"],
      M,
    ).livepatch;
    expectMean(r.stackWalks, N / (1 - p), "stackWalks");
  });

  it("kpatch (§3.3 setting): an attempt walks until the first blocked thread, E = E[A]·(1 − (1 − p)^N)/p", () => {
    const N = 50;
    const p = 0.02;
    const s = (1 - p) ** N;
    const r = simulate(reduced({ nUser: N }, { blockedProb: p }), ["kpatch"], M).kpatch;
    expectMean(r.stackWalks, ((1 - (1 - s) ** 5) / s) * ((1 - (1 - p) ** N) / p), "stackWalks");
  });
});

describe("§3.14 what held the transition at 15 s (λ = 0, iid r, u, p; the snapshot precedes attempt 15)", () => {
  const N = 200;
  const rc = 0.3;
  const u = 0.3;
  const p = 0.4;
  const q = 1 - (1 - rc) * (1 - u) * (1 - p); // P(a check fails)
  const r = simulate(
    reduced(
      { nUser: N, livepatch: { unreliableProb: u, unreliableMode: "iid" } },
      { exitRate: 0, onCpuProb: rc, blockedProb: p, interruptibleProb: 0 },
    ),
    ["livepatch"],
    M,
  ).livepatch;

  it("a thread pending after 15 checks is held by its 15th check's reason: N·q^14·{r, (1 − r)u, (1 − r)(1 − u)p}", () => {
    expectMean(r.blockedRunningAt15, N * q ** 14 * rc, "running");
    expectMean(r.blockedUnreliableAt15, N * q ** 14 * (1 - rc) * u, "unreliable");
    expectMean(r.blockedOnStackAt15, N * q ** 14 * (1 - rc) * (1 - u) * p, "on stack");
    // pendingAt15 counts threads switched after t = 15: attempt 15 (at t = 15, after the snapshot) still counts.
    expectMean(r.pendingAt15, N * q ** 16, "pendingAt15");
    for (let i = 0; i < M; i++) {
      expect(r.blockedUninterruptibleAt15[i]).toBe(0); // Layer A has no D state
      expect(r.blockedKthreadAt15[i]).toBe(0);
      const held = r.blockedRunningAt15[i] + r.blockedUnreliableAt15[i] + r.blockedOnStackAt15[i];
      expect(held).toBeGreaterThanOrEqual(r.pendingAt15[i]);
    }
  });
});

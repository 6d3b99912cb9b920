import { describe, expect, it } from "vitest";
import { count, expectKs, expectMean, expectProportion, reduced, simulate } from "./helpers.ts";

// docs/livepatch-models.md §3.5 and §3.12, and closed forms derived from the LIVEPATCH rules of §2.5 (each
// test names its derivation). Attempts at t = k (Δ = 1, no round_jiffies) unless stated. Statistical checks:
// false-failure rate ≤ 1e-6 each (see helpers.ts).

const M = 20_000;

describe("§3.5 livepatch, stack check only (λ = 0, r = 0, ι = 0; N = 50, p = 0.5)", () => {
  const N = 50;
  const p = 0.5;
  const r = simulate(
    reduced({ nUser: N }, { exitRate: 0, blockedProb: p, interruptibleProb: 0 }),
    ["livepatch", "kpatch"],
    M,
  );
  const lp = r.livepatch;

  it("P(A* ≤ k) = (1 − p^{k+1})^N, with tDone = A*·Δ", () => {
    for (let k = 3; k <= 10; k++) {
      expectProportion(
        count(lp.tDone, (d) => d <= k),
        M,
        (1 - p ** (k + 1)) ** N,
        `k = ${k}`,
      );
    }
  });

  it("E[A*] = Σ_{k≥0} [1 − (1 − p^{k+1})^N]", () => {
    let e = 0;
    for (let k = 0; k < 200; k++) e += 1 - (1 - p ** (k + 1)) ** N;
    expectMean(lp.tDone, e, "A*");
  });

  it("per trial: attempts = A* + 1 and the last switch happens at the completing attempt", () => {
    for (let i = 0; i < M; i++) {
      expect(lp.attempts[i]).toBe(lp.tDone[i] + 1);
      expect(lp.tLastSwitch[i]).toBe(lp.tDone[i]);
      expect(lp.unsafeSwitches[i]).toBe(0);
      expect(lp.reversed[i]).toBe(0);
      expect(lp.forced[i]).toBe(0);
    }
  });

  it("contrast with §3.3: the hybrid needs each task to pass once, kpatch all together — (1 − p)^N ≈ 1e-15", () => {
    expect(count(r.kpatch.applied, (a) => a === 1)).toBe(0);
    expect(count(lp.completed, (c) => c === 1)).toBe(M);
  });
});

describe("§3.12 round_jiffies", () => {
  it("first delay ~ Uniform(0.75, 1.75] (KS): one blocked user leaves at its first exit, the next attempt completes", () => {
    const r = simulate(
      reduced({ nUser: 1, livepatch: { roundJiffies: true } }, { exitRate: 1e6, blockedProb: 1 }),
      ["livepatch"],
      M,
    ).livepatch;
    for (let i = 0; i < M; i++) expect(r.attempts[i]).toBe(2);
    expectKs(r.tDone, (t) => Math.min(1, Math.max(0, t - 0.75)), "first delay");
    expectMean(r.tDone, 1.25, "first delay");
  });

  it("later attempts are exactly 1 s apart: tDone − (attempts − 2) is the first delay, still Uniform(0.75, 1.75]", () => {
    const r = simulate(
      reduced({ nUser: 3, livepatch: { roundJiffies: true } }, { exitRate: 0.3, blockedProb: 1 }),
      ["livepatch"],
      M,
    ).livepatch;
    const first = new Float64Array(M);
    for (let i = 0; i < M; i++) {
      first[i] = r.tDone[i] - (r.attempts[i] - 2);
      expect(first[i] > 0.75 - 1e-9 && first[i] <= 1.75 + 1e-9).toBe(true);
      // whole-second boundaries: every attempt after the first lands on the same phase
      expect(Math.abs(r.tDone[i] - first[i] - Math.round(r.tDone[i] - first[i]))).toBeLessThan(1e-9);
    }
    expect(count(r.attempts, (a) => a > 3)).toBeGreaterThan(M / 2);
    expectKs(first, (t) => Math.min(1, Math.max(0, t - 0.75)), "first delay");
  });

  it("without round_jiffies, attempt k runs at k·Δ (Δ = 0.5)", () => {
    const r = simulate(
      reduced({ nUser: 5, livepatch: { period: 0.5 } }, { exitRate: 0, blockedProb: 0.5 }),
      ["livepatch"],
      2000,
    ).livepatch;
    for (let i = 0; i < 2000; i++) expect(r.tDone[i]).toBe((r.attempts[i] - 1) * 0.5);
  });
});

describe("livepatch derivations from the §2.5 rules", () => {
  it("sticky blocking + exits: a blocked user switches at its first exit, so P(T_last ≤ t) = (1 − p·e^{−λt})^N and tDone = ⌈T_last⌉", () => {
    const N = 20;
    const p = 0.3;
    const lambda = 1;
    const r = simulate(
      reduced({ nUser: N }, { blocking: "sticky", blockedProb: p, exitRate: lambda }),
      ["livepatch"],
      M,
    ).livepatch;
    const atom = (1 - p) ** N;
    expectProportion(
      count(r.tLastSwitch, (t) => t === 0),
      M,
      atom,
      "P(T_last = 0)",
    );
    const positive = r.tLastSwitch.filter((t) => t > 0);
    expectKs(positive, (t) => ((1 - p * Math.exp(-lambda * t)) ** N - atom) / (1 - atom), "T_last | T_last > 0");
    for (let i = 0; i < M; i++) expect(r.tDone[i]).toBe(Math.ceil(r.tLastSwitch[i]));
  });

  it("iid blocking + exits: P(T_i > t) = p^{⌊t⌋+1}·e^{−λt}, so P(T_last ≤ t) = (1 − p^{⌊t⌋+1} e^{−λt})^N (atoms at the attempts)", () => {
    const N = 30;
    const p = 0.4;
    const lambda = 0.7;
    const r = simulate(reduced({ nUser: N }, { blockedProb: p, exitRate: lambda }), ["livepatch"], M).livepatch;
    const cdf = (t: number) => (1 - p ** (Math.floor(t) + 1) * Math.exp(-lambda * t)) ** N;
    for (const t of [0, 0.5, 1, 1.5, 2.25, 3.5, 5]) {
      expectProportion(
        count(r.tLastSwitch, (x) => x <= t),
        M,
        cdf(t),
        `t = ${t}`,
      );
    }
    let e = 0; // E[T_last] = ∫ (1 − F), F piecewise smooth: midpoint rule on a 1e-3 grid
    for (let t = 0.0005; t < 60; t += 0.001) e += (1 - cdf(t)) * 0.001;
    expectMean(r.tLastSwitch, e, "T_last");
  });

  it("force at t_f: all pending switch at t_f, unsafeSwitches = number blocked then — E = N·p^4 (attempts 0, 1, 2, force at 2.5); the transition completes at the next attempt (t = 3)", () => {
    const N = 30;
    const p = 0.6;
    const tau = 0.5;
    const r = simulate(
      reduced(
        { nUser: 0, nKthread: N, livepatch: { forceAt: 2.5 } },
        { kthreadBlockedProb: p, interruptibleProb: 0, kthreadFrameTime: tau },
      ),
      ["livepatch"],
      M,
    ).livepatch;
    expectProportion(
      count(r.forced, (f) => f === 1),
      M,
      1 - (1 - p ** 3) ** N,
      "forced",
    );
    expectMean(r.unsafeSwitches, N * p ** 4, "unsafeSwitches");
    expectMean(r.inflightOldSeconds, N * p ** 4 * tau, "inflightOldSeconds");
    expectMean(r.mixedPairs, N * p ** 4 * 0.5, "mixedPairs");
    for (let i = 0; i < M; i++) {
      if (r.forced[i] === 1) {
        // klp_force_transition() only updates every task's state; klp_complete_transition() runs at the next work.
        expect(r.tDone[i]).toBe(3);
        expect(r.tLastSwitch[i]).toBe(2.5);
        expect(r.attempts[i]).toBe(4);
      } else {
        expect(r.unsafeSwitches[i]).toBe(0);
        expect(r.tDone[i]).toBeLessThanOrEqual(2);
      }
      expect(r.completed[i]).toBe(1);
    }
  });

  it("cond_resched hook: a CPU-bound kthread switches at its first clean cond_resched() ~ Exp(c·q) (KS)", () => {
    const c = 10;
    const q = 0.5;
    const r = simulate(
      reduced(
        { nUser: 0, nKthread: 1, livepatch: { condResched: true } },
        { cpuBoundKthreads: 1, condReschedRate: c, condReschedCleanProb: q },
      ),
      ["livepatch"],
      M,
    ).livepatch;
    expectKs(r.tLastSwitch, (t) => 1 - Math.exp(-c * q * t), "switch time");
    for (let i = 0; i < M; i++) expect(r.tDone[i]).toBe(Math.ceil(r.tLastSwitch[i]));
  });

  it("auto signals wake sleeping kthreads every 15 attempts: a round frees each w.p. π = ι(1 − p_wake), so P(tDone ≤ 15m + 1) = (1 − (1 − π)^m)^N", () => {
    const N = 10;
    const iota = 0.7;
    const pw = 0.3;
    const pi = iota * (1 - pw);
    const r = simulate(
      reduced(
        { nUser: 0, nKthread: N },
        { blocking: "sticky", blockedProb: 1, blockedAfterWakeProb: pw, interruptibleProb: iota },
      ),
      ["livepatch"],
      M,
    ).livepatch;
    for (let m = 1; m <= 6; m++) {
      expectProportion(
        count(r.tDone, (d) => d <= 15 * m + 1),
        M,
        (1 - (1 - pi) ** m) ** N,
        `m = ${m}`,
      );
    }
    for (let i = 0; i < M; i++) {
      expect((r.tDone[i] - 1) % 15).toBe(0);
      expect(r.signalRounds[i]).toBe((r.tDone[i] - 1) / 15);
    }
    // First round: every kthread is pending and woken w.p. ι; later rounds only the pending ones.
    expectMean(r.kthreadsWoken, (N * iota) / pi, "kthreadsWoken"); // E[rounds per kthread] = 1/π, each woken w.p. ι
  });

  it("manual signals (v4.16–v5.0 + kpatch script): one round at 15 s; 'off': none, so sticky kthreads stall to the deadline", () => {
    const N = 3;
    const iota = 0.7;
    const pw = 0.3;
    const base = reduced(
      { nUser: 0, nKthread: N },
      { blocking: "sticky", blockedProb: 1, blockedAfterWakeProb: pw, interruptibleProb: iota },
    );
    const manual = simulate(
      { ...base, deadline: 40, livepatch: { ...base.livepatch, signals: "manual" } },
      ["livepatch"],
      M,
    ).livepatch;
    expectProportion(
      count(manual.completed, (c) => c === 1),
      M,
      (iota * (1 - pw)) ** N,
      "P(all freed by the one round)",
    );
    for (let i = 0; i < M; i++) {
      expect(manual.signalRounds[i]).toBe(1);
      expect(manual.tDone[i] === 16 || manual.tDone[i] === Number.POSITIVE_INFINITY).toBe(true);
    }
    const off = simulate(
      { ...base, deadline: 40, livepatch: { ...base.livepatch, signals: "off" } },
      ["livepatch"],
      100,
    ).livepatch;
    for (let i = 0; i < 100; i++) {
      expect(off.signalRounds[i]).toBe(0);
      expect(off.reversed[i]).toBe(1);
    }
  });

  it("no reliable stacks: only exits switch users, so T_last = max of N Exp(λ) (KS) and tDone = ⌈T_last⌉", () => {
    const N = 20;
    const r = simulate(
      reduced({ nUser: N, livepatch: { reliableStacks: false } }, { blockedProb: 0 }),
      ["livepatch"],
      M,
    ).livepatch;
    expectKs(r.tLastSwitch, (t) => (1 - Math.exp(-t)) ** N, "T_last");
    for (let i = 0; i < M; i++) expect(r.tDone[i]).toBe(Math.ceil(r.tLastSwitch[i]));
  });

  it("unreliable walks u and running tasks r act like blocking: a check passes w.p. (1 − r)(1 − u)(1 − p)", () => {
    const N = 25;
    const u = 0.3;
    const rc = 0.2;
    const pb = 0.1;
    const q = 1 - (1 - rc) * (1 - u) * (1 - pb);
    const r = simulate(
      reduced(
        { nUser: N, livepatch: { unreliableProb: u, unreliableMode: "iid" } },
        { exitRate: 0, onCpuProb: rc, blockedProb: pb },
      ),
      ["livepatch"],
      M,
    ).livepatch;
    for (let k = 1; k <= 5; k++) {
      expectProportion(
        count(r.tDone, (d) => d <= k),
        M,
        (1 - q ** (k + 1)) ** N,
        `k = ${k}`,
      );
    }
  });

  it("idle tasks (Layer A): an idle CPU is kicked and its idle task switches idleDelay later; without kicks it waits for a busy check", () => {
    const nCpu = 4;
    const kicked = simulate(
      reduced({ nUser: 0, nCpu, idleTasks: true }, { idleProb: 1 }),
      ["livepatch"],
      100,
    ).livepatch;
    for (let i = 0; i < 100; i++) {
      expect(kicked.idleKicks[i]).toBe(nCpu);
      expect(kicked.tDone[i]).toBe(1);
      expect(Number.isNaN(kicked.tLastSwitch[i])).toBe(true); // no thread in scope: idle tasks are reported apart
    }
    const rIdle = 0.5;
    const waiting = simulate(
      reduced({ nUser: 0, nCpu, idleTasks: true, livepatch: { idleKick: false } }, { idleProb: rIdle }),
      ["livepatch"],
      M,
    ).livepatch;
    for (let k = 0; k <= 4; k++) {
      expectProportion(
        count(waiting.tDone, (d) => d <= k),
        M,
        (1 - rIdle ** (k + 1)) ** nCpu,
        `k = ${k}`,
      );
    }
    expect(count(waiting.idleKicks, (x) => x > 0)).toBe(0);
  });
});

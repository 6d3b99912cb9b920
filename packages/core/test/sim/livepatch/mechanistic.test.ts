import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import { livepatch } from "../../../src/sim/livepatch/index.ts";
import { count, expectMean, expectProportion, mean, simulate } from "./helpers.ts";

// The mechanistic workload (Layer B, docs/livepatch-models.md §2.3): its t = 0 state against the stationary law
// the workload constants imply (computed here from §2.3's table, independently of the code), the preemption rule
// of stop_machine (§1.3.1), the kthread cases of the debate, and the kernel releases. Statistical checks:
// false-failure rate ≤ 1e-6 each (helpers.ts).

// §2.3 class table on the default box: 600 users (5 % cpuBound, 1 % dstate, 60 % server, daemons the rest),
// 256 kthreads (10 % workers).
const SYSCALL = 20e-6;
const lnMean = (median: number, sigma: number) => median * Math.exp((sigma * sigma) / 2);
const cappedLnMean = (median: number, sigma: number, cap: number) => {
  const mu = Math.log(median);
  const lc = Math.log(cap);
  return (
    Math.exp(mu + (sigma * sigma) / 2) * normalCdf((lc - mu - sigma * sigma) / sigma, 0, 1) +
    cap * (1 - normalCdf((lc - mu) / sigma, 0, 1))
  );
};
/** Per class: [count, P(in a K_RUN), P(in a sleep)] at a random instant (stationary phase ∝ mean duration). */
function classTable(): [number, number, number][] {
  const user = (n: number, u: number, sp: number, sleep: number): [number, number, number] => {
    const w = u + SYSCALL + sp * (sleep + SYSCALL);
    return [n, ((1 + sp) * SYSCALL) / w, (sp * sleep) / w];
  };
  const kthread = (n: number, sleep: number): [number, number, number] => [
    n,
    50e-6 / (sleep + 50e-6),
    sleep / (sleep + 50e-6),
  ];
  return [
    user(30, 0.1, 0, 0), // cpuBound
    user(6, 200e-6, 1, lnMean(0.2, 1.5)), // dstate
    user(360, 200e-6, 0.7, lnMean(0.05, 2)), // server
    user(204, 200e-6, 0.7, cappedLnMean(5, 1.5, 600)), // daemon
    kthread(230, 1), // sleepy
    kthread(26, 0.1), // worker
  ];
}
/** E[threads with an exposed episode at a random instant]: users' sleeps pSleep, kthreads' pK, K_RUNs pRun. */
function expectedBlocked(pSleep: number, pK: number, pRun: number): { users: number; kthreads: number } {
  const t = classTable();
  const sum = (rows: [number, number, number][], ps: number) =>
    rows.reduce((acc, [n, run, sleep]) => acc + n * (run * pRun + sleep * ps), 0);
  return { users: sum(t.slice(0, 4), pSleep), kthreads: sum(t.slice(4), pK) };
}

describe("moderate, the default preset (§2.3.1): the t = 0 state against its stationary law", () => {
  it("E[threads blocked at t = 0] = Σ_c N_c·P_c(exposed episode) ≈ 1.27: immediate's unsafe switches", () => {
    const r = simulate({}, ["immediate"], 8000).immediate;
    const { users: u, kthreads: k } = expectedBlocked(0.002, 0.0005, 0.002);
    expect(u + k).toBeGreaterThan(1.2); // §2.3.1: 0.5–2 blocked at a time
    expect(u + k).toBeLessThan(1.35);
    expectMean(r.unsafeSwitches, u + k, "unsafeSwitches");
    expectMean(r.kthreadUnsafeSwitches, k, "kthreadUnsafeSwitches");
  });

  it("kpatch applies in some trials and fails in others; livepatch completes, half of the time within 2.5 s", () => {
    const r = simulate({}, ["kpatch", "livepatch"], 400);
    const applied = count(r.kpatch.applied, (a) => a === 1);
    expect(applied).toBeGreaterThan(0.3 * 400);
    expect(applied).toBeLessThan(0.8 * 400);
    expect(count(r.livepatch.completed, (c) => c === 1)).toBeGreaterThan(0.99 * 400);
    expect(count(r.livepatch.tDone, (d) => d <= 2.5)).toBeGreaterThan(0.4 * 400);
  });
});

describe("§1.3.1 stop_machine and the preemption model", () => {
  // Only running kernel episodes expose the function: with full preemption the stoppers catch the tasks that are
  // in the kernel at the attempt; with voluntary preemption they run on out of the function first.
  const runningOnly = {
    nCpu: 32,
    mechanistic: { exposure: { server: 0, daemon: 0, dstate: 0, kthread: 0, running: 1 } },
  };

  it("full: attempt 1 passes iff no thread is in a K_RUN at t = 0, P = Π_c (1 − q_c)^{N_c}", () => {
    const T = 8000;
    const r = simulate({ ...runningOnly, stopMachine: { preemption: "full" } }, ["kpatch"], T).kpatch;
    let pass = 1;
    for (const [n, run] of classTable()) pass *= (1 - run) ** n;
    expectProportion(
      count(r.attempts, (a) => a === 1),
      T,
      pass,
      "applied at attempt 1",
    );
  });

  it("voluntary (the mechanistic default): a running task is never caught, so kpatch applies at attempt 1", () => {
    const r = simulate(runningOnly, ["kpatch"], 300).kpatch;
    for (let i = 0; i < 300; i++) expect(r.attempts[i]).toBe(1);
  });
});

describe("the debate's kthread cases (mechanistic)", () => {
  const parked = { mechanistic: { parkedKthreads: 1 } };

  it("RFC kGraft switches the parked kthread at finalize while it sleeps in the function: unsafe in ~every completion", () => {
    const r = simulate(parked, ["kgraft"], 300).kgraft;
    let completed = 0;
    for (let i = 0; i < 300; i++) {
      if (r.completed[i] !== 1) continue;
      completed++;
      expect(r.kthreadUnsafeSwitches[i]).toBeGreaterThanOrEqual(1);
    }
    expect(completed).toBeGreaterThan(0.9 * 300);
  });

  it("SUSE kGraft passes it at its loop's safe point: completes with no unsafe switch; the hybrid never completes", () => {
    const r = simulate({ ...parked, kgraft: { kthreads: "safepoints" } }, ["kgraft", "livepatch", "kpatch"], 200);
    expect(count(r.kgraft.completed, (c) => c === 1)).toBeGreaterThan(0.9 * 200);
    for (let i = 0; i < 200; i++) {
      expect(r.kgraft.unsafeSwitches[i]).toBe(0);
      expect(r.livepatch.completed[i]).toBe(0);
      expect(r.kpatch.applied[i]).toBe(0);
    }
  });

  it("kGraft switches at syscall exits and signal returns, never at a timer tick: its outputs do not depend on hz", () => {
    const a = simulate({ nCpu: 8, nUser: 100, hz: 100 }, ["kgraft"], 200).kgraft;
    const b = simulate({ nCpu: 8, nUser: 100, hz: 10_000 }, ["kgraft"], 200).kgraft;
    expect(b.tDone).toEqual(a.tDone);
    expect(b.tLastSwitch).toEqual(a.tLastSwitch);
  });

  it("SUSE's fake signal (the mechanistic default) completes more transitions than the signal-less RFC revision", () => {
    const T = 400;
    const on = simulate({ nCpu: 8, nUser: 100 }, ["kgraft"], T).kgraft;
    const off = simulate({ nCpu: 8, nUser: 100, kgraft: { fakeSignal: false } }, ["kgraft"], T).kgraft;
    expect(count(on.completed, (c) => c === 1)).toBeGreaterThan(count(off.completed, (c) => c === 1) + 0.2 * T);
    expect(mean(on.signalsSent)).toBeGreaterThan(10 * Math.max(1, mean(on.signalRounds)));
    for (let i = 0; i < T; i++) expect(off.signalsSent[i]).toBe(0);
  });
});

describe("kernel releases (livepatch.kernel) and the other presets", () => {
  it("a release is exactly its feature set: '6.4' gives the outputs of '5.16' with condResched set", () => {
    const base = { mechanistic: { preset: "common", cpuBoundKthreads: 1 } };
    const a = simulate({ ...base, livepatch: { kernel: "6.4" } }, ["livepatch"], 100).livepatch;
    const b = simulate({ ...base, livepatch: { kernel: "5.16", condResched: true } }, ["livepatch"], 100).livepatch;
    for (const m of livepatch.metrics) expect(b[m.name]).toEqual(a[m.name]);
  });

  it("D-state sleepers in the function are held through the signals (blockedUninterruptibleAt15)", () => {
    const r = simulate(
      { mechanistic: { dstateShare: 0.2, dstateMedian: 5, exposure: { dstate: 0.05 } } },
      ["livepatch"],
      200,
    ).livepatch;
    expect(count(r.blockedUninterruptibleAt15, (x) => x > 0)).toBeGreaterThan(0.5 * 200);
  });

  it("hotpath (poll/select-like): kpatch never applies and immediate switches hundreds of sleepers unsafely", () => {
    const r = simulate({ mechanistic: { preset: "hotpath" } }, ["immediate", "kpatch"], 50);
    for (let i = 0; i < 50; i++) {
      expect(r.kpatch.applied[i]).toBe(0);
      expect(r.immediate.unsafeSwitches[i]).toBeGreaterThan(400);
    }
  });
});

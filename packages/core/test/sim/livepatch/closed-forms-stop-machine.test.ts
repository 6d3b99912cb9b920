import { describe, expect, it } from "vitest";
import { count, expectMean, expectProportion, reduced, simulate } from "./helpers.ts";

// docs/livepatch-models.md §3.3 (stop_machine snapshots, iid blocking) and derivations from the KPATCH /
// KSPLICE rules of §2.5. Statistical checks: false-failure rate ≤ 1e-6 each (see helpers.ts).

const M = 20_000;
const N = 50; // threads
const p = 0.02;
const s = (1 - p) ** N; // per-attempt success, 0.364
const K = 5;

/** §1.3.1 with the reduced workload's full preemption: base + perCpu × nCpu + perThread × threads (nCpu = 32). */
function pauseOf(threads: number, nCpu = 32): number {
  return 0.0003 + 2e-6 * nCpu + 1e-6 * threads;
}

describe("§3.3 kpatch, iid blocking (M = 50 threads, p = 0.02, m = 0)", () => {
  const cols = simulate(reduced({ nUser: N }, { blockedProb: p }), ["kpatch"], M).kpatch;
  const pause = pauseOf(N);
  const gap = pause + 2 + 0.05;

  it("P(A = a ∧ applied) = (1 − s)^{a−1}·s for a = 1 … 5, P(applied) = 1 − (1 − s)^K", () => {
    for (let a = 1; a <= K; a++) {
      expectProportion(
        count(
          cols.attempts.map((x, i) => (x === a && cols.applied[i] === 1 ? 1 : 0)),
          (v) => v === 1,
        ),
        M,
        (1 - s) ** (a - 1) * s,
        `A = ${a}`,
      );
    }
    expectProportion(
      count(cols.applied, (v) => v === 1),
      M,
      1 - (1 - s) ** K,
      "applied",
    );
  });

  it("E[A] = (1 − (1 − s)^K)/s", () => {
    expectMean(cols.attempts, (1 - (1 - s) ** K) / s, "attempts");
  });

  it("per trial: smPauseTotal = A·pause, smPauseMax = pause, smCalls = A; applied at a ⇒ tDone = (a − 1)(pause + R + L) + pause", () => {
    for (let i = 0; i < M; i++) {
      const a = cols.attempts[i];
      expect(cols.smCalls[i]).toBe(a);
      expect(cols.smPauseTotal[i]).toBeCloseTo(a * pause, 12);
      expect(cols.smPauseMax[i]).toBe(pause);
      if (cols.applied[i] === 1) {
        expect(cols.tDone[i]).toBeCloseTo((a - 1) * gap + pause, 12);
        expect(cols.tFirstSwitch[i]).toBe(cols.tDone[i]);
        expect(cols.tLastSwitch[i]).toBe(cols.tDone[i]);
        expect(cols.mixedTaskSeconds[i]).toBe(0); // atomic: old and new never coexist
        expect(cols.mixedSystemSeconds[i]).toBe(0);
        expect(cols.oldTaskSeconds[i]).toBeCloseTo(N * cols.tDone[i], 9);
        expect(cols.unsafeSwitches[i]).toBe(0); // m = 0: the check misses nothing
      } else {
        expect(a).toBe(K);
        expect(cols.tDone[i]).toBe(Number.POSITIVE_INFINITY);
        expect(cols.completed[i]).toBe(0);
        expect(cols.tFirstSwitch[i]).toBe(Number.POSITIVE_INFINITY);
        // A clean failure: everything stays old for the whole window [0, horizon] (deadline null → 3600 s).
        expect(cols.oldTaskSeconds[i]).toBeCloseTo(N * 3600, 6);
      }
    }
  });
});

describe("§3.3 variants", () => {
  it("Ksplice with false positives f: p' = 1 − (1 − p)(1 − f); tries 1 s apart, no load cost", () => {
    const f = 0.01;
    const cols = simulate(
      reduced({ nUser: N, ksplice: { falsePositiveProb: f } }, { blockedProb: p }),
      ["ksplice"],
      M,
    ).ksplice;
    const s2 = ((1 - p) * (1 - f)) ** N;
    expectProportion(
      count(cols.applied, (v) => v === 1),
      M,
      1 - (1 - s2) ** K,
      "applied",
    );
    expectMean(cols.attempts, (1 - (1 - s2) ** K) / s2, "attempts");
    const pause = pauseOf(N);
    for (let i = 0; i < M; i++) {
      if (cols.applied[i] === 1) expect(cols.tDone[i]).toBeCloseTo((cols.attempts[i] - 1) * (pause + 1) + pause, 12);
      expect(cols.unsafeSwitches[i]).toBe(0); // a conservative scan never misses a frame
    }
  });

  it("kpatch unwinder miss m: P(pass) = (1 − p(1 − m))^M, P(unsafe apply | pass) = 1 − ((1 − p)/(1 − p(1 − m)))^M", () => {
    const m = 0.5;
    const pb = 0.05;
    const cols = simulate(
      reduced({ nUser: N, kpatch: { unwinderMissProb: m } }, { blockedProb: pb }),
      ["kpatch"],
      M,
    ).kpatch;
    const pass = (1 - pb * (1 - m)) ** N;
    expectProportion(
      count(cols.applied, (v) => v === 1),
      M,
      1 - (1 - pass) ** K,
      "applied",
    );
    const applied = count(cols.applied, (v) => v === 1);
    const unsafe = count(
      cols.anyUnsafe.map((u, i) => u * cols.applied[i]),
      (v) => v === 1,
    );
    expectProportion(unsafe, applied, 1 - ((1 - pb) / (1 - pb * (1 - m))) ** N, "unsafe | applied");
    // Given a pass, each thread is an undetected blocker w.p. p·m / (1 − p(1 − m)).
    const unsafeGivenApplied = cols.unsafeSwitches.filter((_, i) => cols.applied[i] === 1);
    expectMean(unsafeGivenApplied, (N * pb * m) / (1 - pb * (1 - m)), "unsafeSwitches | applied");
  });

  it("kpatch deep stacks d (≥ 64 entries → -EBUSY): P(pass) = ((1 − p)(1 − d))^M", () => {
    const d = 0.01;
    const cols = simulate(
      reduced({ nUser: N, kpatch: { deepStackProb: d } }, { blockedProb: p }),
      ["kpatch"],
      M,
    ).kpatch;
    const pass = ((1 - p) * (1 - d)) ** N;
    expectProportion(
      count(cols.applied, (v) => v === 1),
      M,
      1 - (1 - pass) ** K,
      "applied",
    );
    expectMean(cols.attempts, (1 - (1 - pass) ** K) / pass, "attempts");
  });

  it("kpatch NMI conflicts: P(attempt passes) = s·(1 − nmiFail)", () => {
    const nmi = 0.3;
    const cols = simulate(
      reduced({ nUser: N, kpatch: { nmiFailProb: nmi } }, { blockedProb: p }),
      ["kpatch"],
      M,
    ).kpatch;
    const pass = s * (1 - nmi);
    expectProportion(
      count(cols.applied, (v) => v === 1),
      M,
      1 - (1 - pass) ** K,
      "applied",
    );
    expectMean(cols.attempts, (1 - (1 - pass) ** K) / pass, "attempts");
  });

  it("stop_machine pause grows with CPUs and walked threads: base + perCpu × nCpu + perThread × threads, idle tasks excluded", () => {
    const cols = simulate(
      {
        ...reduced({ nUser: 100, nKthread: 28, idleTasks: true, nCpu: 4 }, { blockedProb: 0 }),
        stopMachine: { basePause: 0.001, perThreadPause: 2e-5, perCpuPause: 1e-5 },
      },
      ["kpatch", "ksplice"],
      10,
    );
    for (const m of ["kpatch", "ksplice"]) {
      expect(cols[m].smPauseMax[0]).toBeCloseTo(0.001 + 1e-5 * 4 + 2e-5 * 128, 15);
      expect(cols[m].tDone[0]).toBe(cols[m].smPauseMax[0]);
      expect(cols[m].attempts[0]).toBe(1);
    }
  });

  it("[I] an attempt that would end after the deadline is not started", () => {
    const cols = simulate({ ...reduced({ nUser: N }, { blockedProb: 1 }), deadline: 3 }, ["kpatch", "ksplice"], 10);
    for (let i = 0; i < 10; i++) {
      expect(cols.kpatch.attempts[i]).toBe(2); // at 0 and 2.05 s; the third would start at 4.1 s
      expect(cols.ksplice.attempts[i]).toBe(3); // at 0, 1, 2 s
      expect(cols.kpatch.oldTaskSeconds[i]).toBeCloseTo(N * 3, 9);
    }
  });
});

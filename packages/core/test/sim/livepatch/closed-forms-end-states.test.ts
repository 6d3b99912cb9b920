import { describe, expect, it } from "vitest";
import { count, expectProportion, reduced, simulate } from "./helpers.ts";

// The end states of the hybrid (docs/livepatch-models.md §2.5.1, §3.13): the reverse transition the kpatch script
// starts at the deadline, with its own duration, stalls and outcome. Hand-derived cases and a closed form on the
// reduced workload. Statistical checks: false-failure rate ≤ 1e-6 each (helpers.ts).

const M = 20_000;

describe("§3.13 the reverse transition (λ = 0, iid blocking, deadline D, no signals)", () => {
  const N = 6;
  const p = 0.6;
  const D = 10;
  const W = 3;
  const params = {
    ...reduced({ nUser: N, livepatch: { signals: "off", reverseDeadline: W } }, { exitRate: 0, blockedProb: p }),
    deadline: D,
  };
  const r = simulate(params, ["livepatch"], M).livepatch;
  // a = P(a task never passes the D + 1 forward checks); a task that switched must pass one reverse check.
  const a = p ** (D + 1);
  const b = (k: number) => (1 - a) * (1 - p ** k);

  it("P(reversed) = 1 − (1 − a)^N with a = p^{D+1}", () => {
    expectProportion(
      count(r.reversed, (x) => x === 1),
      M,
      1 - (1 - a) ** N,
      "reversed",
    );
  });

  it("P(tReverse ≤ k ∧ reversed) = (a + b_k)^N − b_k^N, b_k = (1 − a)(1 − p^k), k = 1 … W; stuck beyond W", () => {
    for (let k = 1; k <= W; k++) {
      expectProportion(
        count(r.tReverse, (t) => t <= k),
        M,
        (a + b(k)) ** N - b(k) ** N,
        `k = ${k}`,
      );
    }
    expectProportion(
      count(r.stuck, (x) => x === 1),
      M,
      1 - (1 - a) ** N - ((a + b(W)) ** N - b(W) ** N),
      "stuck",
    );
  });

  it("per trial: tReverse ∈ {1 … W} or +Inf when reverted, NaN otherwise; the forward counters stop at D", () => {
    for (let i = 0; i < M; i++) {
      if (r.reversed[i] === 1) {
        const t = r.tReverse[i];
        expect(t === Number.POSITIVE_INFINITY || (Number.isInteger(t) && t >= 1 && t <= W)).toBe(true);
        expect(r.reverseCompleted[i] + r.stuck[i]).toBe(1);
        expect(r.attempts[i]).toBe(D + 1); // t = 0 … D
        expect(r.tDone[i]).toBe(Number.POSITIVE_INFINITY);
      } else {
        expect(Number.isNaN(r.tReverse[i])).toBe(true);
        expect(r.stuck[i]).toBe(0);
      }
    }
  });
});

describe("hand-derived end states", () => {
  it("nobody ever passes (p = 1): reverted at D, and the reverse has nothing to wait for: done at the next attempt", () => {
    const r = simulate(
      { ...reduced({ nUser: 5 }, { exitRate: 0, blockedProb: 1, interruptibleProb: 0 }), deadline: 20 },
      ["livepatch"],
      50,
    ).livepatch;
    for (let i = 0; i < 50; i++) {
      expect(r.reversed[i]).toBe(1);
      expect(r.tReverse[i]).toBe(1);
      expect(r.reverseCompleted[i]).toBe(1);
      expect(r.blockedOnStackAtDeadline[i]).toBe(5);
      expect(r.signalRounds[i]).toBe(1); // attempt 15 (the reverse's own attempts are not counted)
    }
  });

  it("a CPU-bound kthread that never switched stays old: the reverse completes at once while it runs on", () => {
    const r = simulate(
      { ...reduced({ nUser: 5, nKthread: 3 }, { cpuBoundKthreads: 1 }), deadline: 40 },
      ["livepatch"],
      200,
    ).livepatch;
    for (let i = 0; i < 200; i++) {
      expect(r.tDone[i]).toBe(Number.POSITIVE_INFINITY);
      expect(r.reversed[i]).toBe(1);
      expect(r.attempts[i]).toBe(41); // t = 0, 1, …, 40
      expect(r.signalRounds[i]).toBe(2); // attempts 15 and 30
      expect(r.kthreadsWoken[i]).toBe(0); // a running kthread is not in TASK_INTERRUPTIBLE
      expect(r.kthreadWakeAttempts[i]).toBe(2);
      expect(r.blockedKthreadAtDeadline[i]).toBe(1);
      expect(r.blockedKthreadAt15[i]).toBe(1);
      // The other threads switched: p = 0.01 per check, so the reverse is done at its first attempt unless one of
      // them is blocked on the new function then.
      expect(r.tReverse[i] === 1 || r.tReverse[i] === 2 || r.tReverse[i] === 3).toBe(true);
      expect(r.oldTaskSeconds[i]).toBeGreaterThanOrEqual(40); // the kthread is old for the whole window
    }
  });

  it("force at 2.5 s with the transition work every second: tasks switch at 2.5, tDone at the next attempt (3)", () => {
    const r = simulate(
      reduced({ nUser: 0, nKthread: 4, livepatch: { forceAt: 2.5 } }, { kthreadBlockedProb: 1, interruptibleProb: 0 }),
      ["livepatch"],
      20,
    ).livepatch;
    for (let i = 0; i < 20; i++) {
      expect(r.forced[i]).toBe(1);
      expect(r.unsafeSwitches[i]).toBe(4);
      expect(r.kthreadUnsafeSwitches[i]).toBe(4);
      expect(r.tLastSwitch[i]).toBe(2.5);
      expect(r.tDone[i]).toBe(3);
      expect(r.attempts[i]).toBe(4); // t = 0, 1, 2, 3
      expect(r.reversed[i]).toBe(0);
    }
  });
});

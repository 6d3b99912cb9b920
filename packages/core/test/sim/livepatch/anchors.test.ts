import { describe, expect, it } from "vitest";
import { count, simulate } from "./helpers.ts";

// The published anchors of docs/livepatch-models.md §4, re-run on the mechanistic workload, each with the
// tolerance it is held to. The workload constants are [I], so the checks are on who stalls, who fails and roughly
// when; where a scenario parameter was chosen to match a published number (an idle CPU's idle period) the test
// says so. Counts over T trials are deterministic for the fixed seed; the tolerances are wide enough that any
// seed passes with probability > 1 − 1e-6 (binomial tails at the stated margins, checked by the 5σ rule).

const T = 300;

function median(x: Float64Array): number {
  const s = Float64Array.from(x).sort();
  return s[Math.floor(s.length / 2)];
}

describe("[KP#841] idle 112-CPU box, 2018 kernel: 3.28 s, 'more CPUS == more kthreads and idle tasks'", () => {
  // [I] An idle CPU runs a task every 0.5 s on average (NOHZ idle): the idle period at which the model meets the
  // published 3.28 s. Without the 5.16 idle kick an idle task switches when its CPU next goes busy → idle.
  const box = { nCpu: 112, nUser: 50, mechanistic: { preset: "benign", idlePeriod: 0.5 } };

  it("a pre-5.16 kernel (no wake_up_if_idle) waits for the idle CPUs: median tDone within [2.5, 4] s", () => {
    const r = simulate({ ...box, livepatch: { kernel: "5.1" } }, ["livepatch"], T).livepatch;
    expect(median(r.tDone)).toBeGreaterThan(2.5);
    expect(median(r.tDone)).toBeLessThan(4);
    expect(count(r.completed, (c) => c === 1)).toBe(T);
    expect(count(r.blockedRunningAt15, (x) => x > 0)).toBe(0); // all done before the 15 s check
  });

  it("the 5.16 idle kick makes the idle period irrelevant: done at the second attempt (≤ 1.75 s) every time", () => {
    const r = simulate(box, ["livepatch", "kpatch"], T);
    for (let i = 0; i < T; i++) expect(r.livepatch.tDone[i]).toBeLessThanOrEqual(1.75);
    // A rarely called function: kpatch applies at its first stop_machine in almost every trial.
    expect(count(r.kpatch.attempts, (a) => a === 1)).toBeGreaterThan(0.95 * T);
  });
});

describe("[KP#1408] 32 cores, 4.19: stalled at 15 s, complete 11 s after the script's signal", () => {
  // A rarely called function (livepatch-cmdline) on a kernel before the idle kick: [I] with CPUs idle 5 s on
  // average the idle tasks hold the transition past the script's 15 s check; signals cannot help idle tasks.
  const r = simulate(
    { mechanistic: { preset: "benign", idlePeriod: 5 }, livepatch: { kernel: "4.12" } },
    ["livepatch"],
    T,
  ).livepatch;

  it("most transitions are still pending at 15 s, held only by idle tasks of idle CPUs (blockedRunningAt15)", () => {
    expect(count(r.blockedRunningAt15, (x) => x > 0)).toBeGreaterThan(0.7 * T);
    for (let i = 0; i < T; i++) {
      expect(r.blockedOnStackAt15[i]).toBe(0);
      expect(r.blockedKthreadAt15[i]).toBe(0);
      expect(r.blockedUnreliableAt15[i]).toBe(0);
    }
  });

  it("the manual signal at 15 s does not end it: the median is 15 + a few seconds, all done by the deadline", () => {
    expect(median(r.tDone)).toBeGreaterThan(17);
    expect(median(r.tDone)).toBeLessThan(30);
    expect(count(r.completed, (c) => c === 1)).toBe(T);
    // The script signals once, at 15 s, when something is still pending then.
    for (let i = 0; i < T; i++) expect(r.signalRounds[i]).toBe(r.blockedRunningAt15[i] > 0 ? 1 : 0);
  });
});

describe("[KP#266] irqbalance asleep in the patched hrtimer_nanosleep (parked preset)", () => {
  const r = simulate({ mechanistic: { preset: "parked" } }, ["kpatch", "ksplice", "livepatch", "immediate"], 100);

  it("kpatch and Ksplice are busy at all 5 attempts; the hybrid completes right after the first fake signal", () => {
    for (let i = 0; i < 100; i++) {
      for (const m of ["kpatch", "ksplice"]) {
        expect(r[m].applied[i]).toBe(0);
        expect(r[m].attempts[i]).toBe(5);
      }
      expect(r.livepatch.signalRounds[i]).toBe(1);
      expect(r.livepatch.tDone[i]).toBeGreaterThan(15.75);
      expect(r.livepatch.tDone[i]).toBeLessThanOrEqual(16.75);
      // At 15 s only the daemon can be pending ("sleeping on function"); the 15th attempt's signal may precede 15 s.
      expect(r.livepatch.blockedOnStackAt15[i]).toBe(r.livepatch.pendingAt15[i]);
      expect(r.livepatch.pendingAt15[i]).toBeLessThanOrEqual(1);
      expect(r.immediate.unsafeSwitches[i]).toBe(1);
      expect(r.immediate.inflightOldSeconds[i]).toBe(600); // its old frame sleeps until 600 s
    }
  });
});

describe("[KP#753] 'about 1 second after signaling … unless there's a kthread … sleeping on the patched function'", () => {
  it("default workload: every transition still pending at 15 s completes within 2 s of the 15 s signal", () => {
    const r = simulate({}, ["livepatch"], T).livepatch;
    const late = count(r.tDone, (d) => d > 15);
    expect(late).toBeGreaterThan(0.1 * T); // the signal is needed in a good share of transitions …
    expect(late).toBeLessThan(0.5 * T); // … but most complete before it ("usually a few seconds")
    for (let i = 0; i < T; i++) if (r.tDone[i] > 15) expect(r.tDone[i]).toBeLessThanOrEqual(17.75);
  });

  it("a kthread whose loop sleeps in the function (busymod's kworker): no completion, reverted at 75 s", () => {
    const r = simulate({ mechanistic: { parkedKthreads: 1 } }, ["livepatch"], 100).livepatch;
    for (let i = 0; i < 100; i++) {
      expect(r.completed[i]).toBe(0);
      expect(r.reversed[i]).toBe(1);
      expect(r.blockedKthreadAtDeadline[i]).toBeGreaterThanOrEqual(1);
      expect(r.kthreadsWoken[i]).toBeGreaterThanOrEqual(1); // woken by the signals, asleep in the function again
    }
  });
});

describe("[KP#982] stalled through 15 + 60 s, reverted; 'transition complete (1 seconds)'", () => {
  it("the reverse transition after the deadline completes, in about a second in the median (≤ 2.5 s)", () => {
    const r = simulate({ mechanistic: { parkedKthreads: 1 } }, ["livepatch"], T).livepatch;
    expect(count(r.reverseCompleted, (x) => x === 1)).toBe(T);
    expect(count(r.stuck, (x) => x === 1)).toBe(0);
    expect(median(r.tReverse)).toBeLessThan(2.5);
    expect(median(r.tReverse)).toBeGreaterThan(0.5);
  });
});

describe("[CR] commit e3ff7c609f39: CPU-bound kthreads keep transitions from completing until cond_resched() checks", () => {
  const base = { mechanistic: { preset: "benign", cpuBoundKthreads: 1 } };

  it("5.16: -EBUSY at every attempt, reverted at the deadline; 6.4: done within the first attempts", () => {
    const old = simulate({ ...base, livepatch: { kernel: "5.16" } }, ["livepatch"], 50).livepatch;
    const fixed = simulate({ ...base, livepatch: { kernel: "6.4" } }, ["livepatch"], 100).livepatch;
    for (let i = 0; i < 50; i++) {
      expect(old.tDone[i]).toBe(Number.POSITIVE_INFINITY);
      expect(old.reversed[i]).toBe(1);
      expect(old.blockedKthreadAtDeadline[i]).toBe(1);
      expect(old.kthreadsWoken[i]).toBe(0); // running, not TASK_INTERRUPTIBLE
    }
    for (let i = 0; i < 100; i++) expect(fixed.tDone[i]).toBeLessThanOrEqual(3.5);
  });

  it("6.16's TASK_FREEZABLE hook no longer checks at cond_resched(): the model's CPU-bound kthread stalls again", () => {
    const r = simulate(base, ["livepatch"], 30).livepatch;
    for (let i = 0; i < 30; i++) expect(r.reversed[i]).toBe(1);
  });
});

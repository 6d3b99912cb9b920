import { describe, expect, it } from "vitest";
import { count, expectProportion, mean, simulate } from "./helpers.ts";

// The mechanistic workload (Layer B) against the published anchors of docs/livepatch-models.md §4, "in spirit":
// who stalls, who fails, roughly how long. Thresholds are loose on purpose (the workload constants are [I]);
// where a check is statistical its false-failure rate is stated (helpers.ts: 5σ, ≤ 1e-6).

const ALL = ["immediate", "kpatch", "ksplice", "kgraft", "livepatch"];
const T = 300;

describe("[KP#841] idle 112-CPU box: more CPUs means more kthreads and idle tasks, still a few seconds", () => {
  const r = simulate({ nCpu: 112, nUser: 50, mechanistic: { preset: "benign" } }, ["livepatch", "kpatch"], T);

  it("livepatch completes within a few seconds (≤ 3.5 s in every trial) with 896 kthreads and 112 idle tasks", () => {
    for (let i = 0; i < T; i++) {
      expect(r.livepatch.completed[i]).toBe(1);
      expect(r.livepatch.tDone[i]).toBeLessThanOrEqual(3.5);
    }
  });

  it("idle CPUs are kicked once each: E[idleKicks] = nCpu × P(IDLE_ON) = 112 × 2/3 (5σ)", () => {
    // An idle task on a busy CPU switches by stack check at t = 0; on an idle CPU it is kicked and switches 50 µs later.
    const kicks = r.livepatch.idleKicks;
    const m = mean(kicks);
    const sd = Math.sqrt((112 * (2 / 3) * (1 / 3)) / T); // Binomial(112, 2/3) per trial
    expect(Math.abs(m - (112 * 2) / 3)).toBeLessThan(5 * sd);
  });

  it("a rarely called function lets kpatch apply at its first stop_machine in almost every trial", () => {
    expect(count(r.kpatch.attempts, (a) => a === 1)).toBeGreaterThan(0.95 * T);
  });
});

describe("[KP#266] parked preset: a daemon sleeps in the patched function (irqbalance in hrtimer_nanosleep)", () => {
  it("kpatch and Ksplice fail all 5 attempts; livepatch completes right after the first fake signal (15 s)", () => {
    const r = simulate({ mechanistic: { preset: "parked" } }, ALL, 100);
    for (let i = 0; i < 100; i++) {
      for (const m of ["kpatch", "ksplice"]) {
        expect(r[m].applied[i]).toBe(0);
        expect(r[m].attempts[i]).toBe(5);
      }
      expect(r.livepatch.signalRounds[i]).toBe(1);
      expect(r.livepatch.tDone[i]).toBeGreaterThan(15.75);
      expect(r.livepatch.tDone[i]).toBeLessThanOrEqual(16.75);
      expect(r.immediate.unsafeSwitches[i]).toBe(1); // only the parked daemon is blocked at t = 0
      expect(r.immediate.inflightOldSeconds[i]).toBe(600); // its old frame sleeps until 600 s
      expect(r.kgraft.completed[i]).toBe(0);
    }
  });

  it("alone, the parked daemon holds kGraft forever without fake signals and for one check with them", () => {
    const plain = simulate({ nUser: 1, mechanistic: { preset: "parked" } }, ["kgraft"], 20).kgraft;
    const signalled = simulate(
      { nUser: 1, mechanistic: { preset: "parked" }, kgraft: { fakeSignal: true } },
      ["kgraft"],
      20,
    ).kgraft;
    for (let i = 0; i < 20; i++) {
      expect(plain.completed[i]).toBe(0);
      expect(signalled.tDone[i]).toBe(4); // signal at the 2 s check, interrupted sleep, exit at 2.001 s, done at 4 s
      expect(signalled.tLastSwitch[i]).toBe(2.001);
      expect(signalled.syscallRestarts[i]).toBe(1);
    }
  });
});

describe("[KP#1408, KP#753] common preset, 32 CPUs: stalled at 15 s, done about 1 s after signalling", () => {
  const r = simulate({}, ["livepatch"], T).livepatch;

  it("most transitions wait for the first fake-signal round and complete within 2 attempts of it", () => {
    const signalled = count(r.signalRounds, (s) => s >= 1);
    const soonAfter = count(r.tDone, (d) => d > 15 && d <= 17.75);
    expect(signalled).toBeGreaterThan(0.8 * T);
    expect(soonAfter).toBeGreaterThan(0.75 * T);
    expect(mean(r.syscallRestarts)).toBeGreaterThan(0); // interruptible sleepers were woken
  });

  it("without signals the stragglers (long daemon sleeps) keep more transitions open until the deadline", () => {
    const off = simulate({ livepatch: { signals: "off" } }, ["livepatch"], T).livepatch;
    expect(count(off.reversed, (x) => x === 1)).toBeGreaterThan(count(r.reversed, (x) => x === 1) + 0.2 * T);
    for (let i = 0; i < T; i++) {
      if (off.reversed[i] === 1) {
        expect(off.tDone[i]).toBe(Number.POSITIVE_INFINITY);
        expect(off.completed[i]).toBe(0);
        // (the last thread may have switched after the last attempt before 75 s: completion is only noticed at one)
      }
    }
  });

  it("no switch is ever unsafe without force, and old and new code coexist for the whole transition", () => {
    for (let i = 0; i < T; i++) {
      expect(r.unsafeSwitches[i]).toBe(0);
      if (r.completed[i] === 1) expect(r.mixedSystemSeconds[i]).toBeCloseTo(r.tLastSwitch[i] - r.tFirstSwitch[i], 9);
    }
  });
});

describe("[CR, SONG, VHOST] a CPU-bound kthread", () => {
  const base = { mechanistic: { preset: "benign", cpuBoundKthreads: 1 } };

  it("stalls the hybrid (-EBUSY at every attempt): tDone = +Inf, reversed at the deadline", () => {
    for (const extra of [{}, { livepatch: { freezableHook: true } }]) {
      const r = simulate({ ...base, ...extra }, ["livepatch"], 50).livepatch;
      for (let i = 0; i < 50; i++) {
        expect(r.tDone[i]).toBe(Number.POSITIVE_INFINITY);
        expect(r.reversed[i]).toBe(1);
        expect(r.kthreadsWoken[i]).toBe(0); // running, not TASK_INTERRUPTIBLE
      }
    }
  });

  it("completes with the v6.4 cond_resched hook, within the first attempts", () => {
    const r = simulate({ ...base, livepatch: { condResched: true } }, ["livepatch"], 100).livepatch;
    for (let i = 0; i < 100; i++) {
      expect(r.completed[i]).toBe(1);
      expect(r.tDone[i]).toBeLessThanOrEqual(3.5);
    }
  });
});

describe("hotpath preset: poll/select/nanosleep-like functions are on nearly every sleeper's stack", () => {
  const r = simulate({ mechanistic: { preset: "hotpath" } }, ["immediate", "kpatch", "livepatch"], 100);

  it("kpatch never applies; immediate switches hundreds of sleepers unsafely", () => {
    for (let i = 0; i < 100; i++) {
      expect(r.kpatch.applied[i]).toBe(0);
      expect(r.immediate.unsafeSwitches[i]).toBeGreaterThan(400);
      expect(r.immediate.anyUnsafe[i]).toBe(1);
    }
  });

  it("livepatch needs the fake signals, and uninterruptible sleepers can outlast the deadline", () => {
    for (let i = 0; i < 100; i++) {
      expect(r.livepatch.signalRounds[i]).toBeGreaterThanOrEqual(1);
      expect(r.livepatch.reversed[i]).toBe(r.livepatch.completed[i] === 1 ? 0 : 1);
    }
    expect(count(r.livepatch.reversed, (x) => x === 1)).toBeGreaterThan(0);
  });
});

describe("kGraft on the mechanistic workload", () => {
  it("without fake signals long daemon sleeps keep the transition open; kthreads run old code meanwhile", () => {
    const r = simulate({ nCpu: 8 }, ["kgraft"], 50).kgraft;
    for (let i = 0; i < 50; i++) {
      expect(r.completed[i]).toBe(0);
      expect(r.kthreadOldSeconds[i]).toBeGreaterThan(0);
      expect(r.unsafeSwitches[i]).toBe(0); // the kernel stack is empty at the boundary
    }
  });

  it("fake signals every 2 s wake the interruptible sleepers (5σ: more completions than without)", () => {
    const trials = 200;
    const with_ = simulate({ nCpu: 8, nUser: 100, kgraft: { fakeSignal: true } }, ["kgraft"], trials).kgraft;
    const without = simulate({ nCpu: 8, nUser: 100 }, ["kgraft"], trials).kgraft;
    const a = count(with_.completed, (c) => c === 1);
    const b = count(without.completed, (c) => c === 1);
    expect(a).toBeGreaterThan(b);
    expect(mean(with_.syscallRestarts)).toBeGreaterThan(0);
    // Every signal round signals each pending user once.
    for (let i = 0; i < trials; i++) expect(with_.signalsSent[i]).toBeGreaterThanOrEqual(with_.signalRounds[i]);
    expectProportion(a, trials, a / trials, "self-consistency");
  });
});

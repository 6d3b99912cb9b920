import { describe, expect, it } from "vitest";
import { livepatch } from "../../../src/sim/livepatch/index.ts";
import { M, METRIC_COUNT } from "../../../src/sim/livepatch/metrics.ts";
import { reduced } from "./helpers.ts";

const ALL = ["immediate", "kpatch", "ksplice", "kgraft", "livepatch"];

function outputs(params: unknown, models: readonly string[], trial: number, seed = 3, point = 0): Float64Array {
  const kernel = livepatch.createKernel(livepatch.params.parse(params), models);
  const out = new Float64Array(livepatch.metrics.length * models.length).fill(Number.NaN);
  kernel.runTrial({ seed, point, trial }, out);
  return out;
}

function slot(out: Float64Array, s: number): Float64Array {
  const n = livepatch.metrics.length;
  return out.slice(s * n, (s + 1) * n);
}

describe("livepatch simulation declaration", () => {
  it("declares the §P metrics in the §P order, continuous then proportions", () => {
    expect(livepatch.metrics.map((m) => m.name)).toEqual([
      "tDone",
      "tFirstSwitch",
      "tLastSwitch",
      "attempts",
      "signalRounds",
      "signalsSent",
      "syscallRestarts",
      "kthreadWakeAttempts",
      "kthreadsWoken",
      "idleKicks",
      "smCalls",
      "smPauseTotal",
      "smPauseMax",
      "unsafeSwitches",
      "inflightOldSeconds",
      "mixedPairs",
      "oldTaskSeconds",
      "mixedTaskSeconds",
      "mixedSystemSeconds",
      "kthreadOldSeconds",
      "kthreadUnsafeSwitches",
      "stackWalks",
      "pendingAt1",
      "pendingAt15",
      "switchTimeP50",
      "switchTimeP90",
      "switchTimeP99",
      "blockedRunningAt15",
      "blockedOnStackAt15",
      "blockedUnreliableAt15",
      "blockedUninterruptibleAt15",
      "blockedKthreadAt15",
      "blockedRunningAtDeadline",
      "blockedOnStackAtDeadline",
      "blockedUnreliableAtDeadline",
      "blockedUninterruptibleAtDeadline",
      "blockedKthreadAtDeadline",
      "tReverse",
      "completed",
      "applied",
      "anyUnsafe",
      "reversed",
      "forced",
      "reverseCompleted",
      "stuck",
    ]);
    expect(livepatch.metrics.filter((m) => m.kind === "proportion").map((m) => m.name)).toEqual([
      "completed",
      "applied",
      "anyUnsafe",
      "reversed",
      "forced",
      "reverseCompleted",
      "stuck",
    ]);
    for (const m of livepatch.metrics) expect(m.description.length).toBeGreaterThan(0);
    // The kernel's output layout (M) agrees with the declaration.
    expect(METRIC_COUNT).toBe(livepatch.metrics.length);
    livepatch.metrics.forEach((m, j) => {
      expect(M[m.name as keyof typeof M]).toBe(j);
    });
  });

  it("declares the five models; a metric a model cannot produce is absent from it", () => {
    expect(livepatch.models.map((m) => m.name)).toEqual(ALL);
    const has = (model: string) => new Set(livepatch.models.find((m) => m.name === model)?.metrics);
    const names = new Set(livepatch.metrics.map((m) => m.name));
    for (const m of livepatch.models) {
      for (const metric of m.metrics) expect(names.has(metric)).toBe(true);
      for (const common of ["tDone", "tLastSwitch", "attempts", "unsafeSwitches", "completed", "anyUnsafe"]) {
        expect(has(m.name).has(common)).toBe(true);
      }
    }
    const producers = (metric: string) => ALL.filter((m) => has(m).has(metric));
    expect(producers("applied")).toEqual(["kpatch", "ksplice"]);
    expect(producers("smPauseTotal")).toEqual(["kpatch", "ksplice"]);
    expect(producers("inflightOldSeconds")).toEqual(["immediate", "livepatch"]);
    expect(producers("mixedPairs")).toEqual(["immediate", "livepatch"]);
    expect(producers("kthreadOldSeconds")).toEqual(["kgraft"]);
    expect(producers("signalsSent")).toEqual(["kgraft", "livepatch"]);
    expect(producers("idleKicks")).toEqual(["livepatch"]);
    expect(producers("reversed")).toEqual(["livepatch"]);
    expect(producers("forced")).toEqual(["livepatch"]);
    for (const m of ["kthreadUnsafeSwitches", "stackWalks", "pendingAt15", "switchTimeP99"])
      expect(producers(m)).toEqual(ALL);
    for (const m of ["tReverse", "stuck", "blockedKthreadAt15", "blockedUninterruptibleAtDeadline"]) {
      expect(producers(m)).toEqual(["livepatch"]);
    }
  });

  it("comparison metrics are continuous and produced by at least two models", () => {
    for (const name of livepatch.comparisonMetrics) {
      expect(livepatch.metrics.find((m) => m.name === name)?.kind).toBe("continuous");
      expect(livepatch.models.filter((m) => m.metrics.includes(name)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("the kernel writes exactly the produced metrics of each slot; proportions are 0 or 1", () => {
    // NaN by definition: tReverse in a trial without a revert, the deadline snapshot without a deadline.
    const reversedAt = livepatch.metrics.findIndex((m) => m.name === "reversed");
    for (const params of [{}, reduced({ nUser: 30 }), { mechanistic: { parkedKthreads: 1 } }]) {
      const noDeadline = livepatch.params.parse(params).deadline === null;
      const out = outputs(params, ALL, 0);
      ALL.forEach((model, s) => {
        const produced = new Set(livepatch.models.find((m) => m.name === model)?.metrics);
        const values = slot(out, s);
        livepatch.metrics.forEach((metric, j) => {
          const undefinedHere =
            (metric.name === "tReverse" && values[reversedAt] === 0) ||
            (noDeadline && metric.name.endsWith("AtDeadline"));
          expect(Number.isNaN(values[j]), `${model}.${metric.name}`).toBe(!produced.has(metric.name) || undefinedHere);
          if (metric.kind === "proportion" && produced.has(metric.name)) expect([0, 1]).toContain(values[j]);
        });
      });
    }
  });

  it("rejects unknown or repeated model names", () => {
    const p = livepatch.params.parse({});
    expect(() => livepatch.createKernel(p, ["kpatch", "kpatchh"])).toThrow(RangeError);
    expect(() => livepatch.createKernel(p, ["kgraft", "kgraft"])).toThrow(RangeError);
  });
});

describe("determinism and common random numbers", () => {
  const cases: [string, unknown][] = [
    ["mechanistic default", {}],
    [
      "mechanistic hotpath, signals, CPU-bound kthread",
      { mechanistic: { preset: "hotpath", cpuBoundKthreads: 1 }, kgraft: { fakeSignal: true } },
    ],
    [
      "mechanistic: parked kthread, sticky unreliable stacks, unwinder misses, voluntary preemption, two functions",
      {
        mechanistic: { parkedKthreads: 1, exposure: { server: 0.01 } },
        livepatch: { unreliableProb: 0.2, unwinderMissProb: 0.1, kernel: "5.1" },
        kpatch: { unwinderMissProb: 0.1 },
        stopMachine: { preemption: "none" },
        patch: { functions: [{ hotness: 1 }, { hotness: 3, sleeps: false }] },
      },
    ],
    [
      "reduced with kthreads and idle tasks",
      reduced({ nUser: 40, nKthread: 10, idleTasks: true }, { onCpuProb: 0.2, idleProb: 0.3 }),
    ],
  ];

  it.each(cases)("%s: the same address gives identical outputs; another trial, point or seed does not", (_, params) => {
    for (let trial = 0; trial < 5; trial++) {
      const a = outputs(params, ALL, trial);
      expect(outputs(params, ALL, trial)).toEqual(a);
      expect(outputs(params, ALL, trial + 1)).not.toEqual(a);
      expect(outputs(params, ALL, trial, 3, 1)).not.toEqual(a);
      expect(outputs(params, ALL, trial, 4)).not.toEqual(a);
    }
  });

  it.each(cases)(
    "%s: a model's outputs do not depend on which other models run in the trial, nor on their order",
    (_, params) => {
      for (let trial = 0; trial < 5; trial++) {
        const together = outputs(params, ALL, trial);
        const reversed = outputs(params, [...ALL].reverse(), trial);
        ALL.forEach((model, s) => {
          const alone = outputs(params, [model], trial);
          expect(slot(together, s)).toEqual(slot(alone, 0));
          expect(slot(reversed, ALL.length - 1 - s)).toEqual(slot(alone, 0));
        });
      }
    },
  );

  it("a reused kernel gives the same outputs as a fresh one (no state leaks between trials)", () => {
    const p = livepatch.params.parse({ mechanistic: { preset: "parked" } });
    const kernel = livepatch.createKernel(p, ALL);
    const out = new Float64Array(livepatch.metrics.length * ALL.length);
    for (let trial = 0; trial < 6; trial++) {
      kernel.runTrial({ seed: 3, point: 0, trial }, out);
      const fresh = outputs({ mechanistic: { preset: "parked" } }, ALL, trial);
      ALL.forEach((model, s) => {
        const produced = new Set(livepatch.models.find((m) => m.name === model)?.metrics);
        livepatch.metrics.forEach((metric, j) => {
          if (produced.has(metric.name)) expect(out[s * livepatch.metrics.length + j]).toBe(slot(fresh, s)[j]);
        });
      });
    }
    expect(kernel.events).toBeGreaterThan(0);
  });

  it("models see the same workload: users blocked at t = 0 are the same for immediate, kpatch and livepatch (Layer A)", () => {
    // With λ = 0 nothing else moves, so livepatch's first attempt leaves exactly immediate's unsafe set pending.
    const params = reduced({ nUser: 200 }, { exitRate: 0, blockedProb: 0.02 });
    for (let trial = 0; trial < 50; trial++) {
      const out = outputs(params, ["immediate", "livepatch"], trial);
      const imm = slot(out, 0);
      const lp = slot(out, 1);
      const unsafe = imm[livepatch.metrics.findIndex((m) => m.name === "unsafeSwitches")];
      const old = lp[livepatch.metrics.findIndex((m) => m.name === "oldTaskSeconds")];
      const tDone = lp[0];
      // Every pending task stays old until it switches: oldTaskSeconds ≥ unsafe·1 s (next attempt at 1 s).
      if (unsafe === 0) expect(tDone).toBe(0);
      else expect(old).toBeGreaterThanOrEqual(unsafe);
    }
  });
});

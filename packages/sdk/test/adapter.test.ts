import { createStream, McxError, McxErrorCode, resolveSpec, runInline, type Simulation } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { createTrialRng, defineSimulation, SUB_STREAM_KIND, TRIAL_STREAM_KIND, z } from "../src/index.ts";

const address = { seed: 5, point: 0, trial: 17 };

function runOne(sim: Simulation, models: readonly string[], params: unknown = {}): Float64Array {
  const out = new Float64Array(models.length * sim.metrics.length);
  sim.createKernel(params, models).runTrial(address, out);
  return out;
}

function failure(run: () => unknown): McxError {
  try {
    run();
  } catch (e) {
    if (e instanceof McxError) return e;
    throw e;
  }
  throw new Error("it did not fail");
}

const draws = defineSimulation({
  name: "draws",
  params: z.object({}),
  models: ["a", "b", "c"],
  metrics: { u: { kind: "continuous" }, sub: { kind: "continuous" } },
  trial: ({ rng }) => ({ u: rng.uniform(), sub: rng.stream(3).uniform() }),
});

describe("a trial simulation runs as a TrialKernel", () => {
  it("every model of a trial sees the same random numbers (common random numbers)", () => {
    const out = runOne(draws, ["a", "b", "c"]);
    const first = createStream(address.seed, address.point, address.trial, TRIAL_STREAM_KIND, 0).nextDouble();
    const sub = createStream(address.seed, address.point, address.trial, SUB_STREAM_KIND, 3).nextDouble();
    expect([...out]).toEqual([first, sub, first, sub, first, sub]);
  });

  it("counts trial calls as events (trials × models)", () => {
    const kernel = draws.createKernel({}, ["a", "c"]);
    const out = new Float64Array(4);
    for (let trial = 0; trial < 10; trial++) kernel.runTrial({ ...address, trial }, out);
    expect(kernel.events).toBe(20);
  });

  it("booleans (and 0 or 1) are proportions; ±Infinity and NaN count as non-finite", () => {
    const sim = defineSimulation({
      name: "edges",
      params: z.object({}),
      models: ["m"],
      metrics: { x: { kind: "continuous" }, hit: { kind: "proportion" }, one: { kind: "proportion" } },
      trial({ rng }) {
        const u = rng.uniform();
        const x = u < 0.1 ? Number.POSITIVE_INFINITY : u < 0.2 ? Number.NaN : u < 0.3 ? Number.NEGATIVE_INFINITY : u;
        return { x, hit: u < 0.5, one: u < 0.25 ? 1 : 0 };
      },
    });
    const trials = 2000;
    const doc = runInline(resolveSpec({ name: "e", simulation: "./e.ts", trials, seed: 3 }, { simulation: sim }), {
      simulation: sim,
    });
    // The same trials' uniforms, drawn directly: what the counts must be.
    const rng = createTrialRng();
    let nonFinite = 0;
    let hits = 0;
    let ones = 0;
    for (let trial = 0; trial < trials; trial++) {
      rng.seed({ seed: 3, point: 0, trial });
      const u = rng.uniform();
      if (u < 0.3) nonFinite++;
      if (u < 0.5) hits++;
      if (u < 0.25) ones++;
    }
    const m = doc.points[0]!.models.m!.metrics;
    expect(m.x).toMatchObject({ kind: "continuous", n: trials - nonFinite, nonFinite });
    expect(m.hit).toMatchObject({ kind: "proportion", n: trials, successes: hits });
    expect(m.one).toMatchObject({ kind: "proportion", n: trials, successes: ones });
  });

  it("gives the trial frozen params", () => {
    const sim = defineSimulation({
      name: "mutator",
      params: z.object({ depth: z.int().default(1) }),
      models: ["m"],
      metrics: { x: { kind: "continuous" } },
      trial({ params }) {
        (params as { depth: number }).depth++;
        return { x: params.depth };
      },
    });
    const e = failure(() => runOne(sim, ["m"], { depth: 1 }));
    expect(e.code).toBe(McxErrorCode.TRIAL_FAILED);
    expect(e.message).toMatch(/^trial threw TypeError: .*read.only.* \(point 0, trial 17, model m\)$/);
  });
});

describe("a trial that breaks the contract fails with MCX_TRIAL_FAILED, naming point, trial and model", () => {
  const failing = (trial: (c: { model: string }) => unknown) =>
    defineSimulation({
      name: "failing",
      params: z.object({}),
      models: ["ok", "bad"],
      metrics: { wait: { kind: "continuous" }, long: { kind: "proportion" } },
      trial: (c) => (c.model === "ok" ? { wait: 1, long: true } : trial(c)) as never,
    });

  it.each([
    [
      "a throw",
      () => {
        throw new RangeError("customers must be positive");
      },
      "trial threw RangeError: customers must be positive (point 0, trial 17, model bad)",
    ],
    [
      "a missing metric",
      () => ({ wiat: 1, long: false }),
      "trial returned no value for metric wait (keys wiat, long); a trial returns every metric (point 0, trial 17, model bad)",
    ],
    [
      "a continuous metric that is not a number",
      () => ({ wait: "1", long: false }),
      'trial metric wait must be a number (got "1") (point 0, trial 17, model bad)',
    ],
    [
      "a proportion that is not a boolean, 0 or 1",
      () => ({ wait: 1, long: 0.5 }),
      "trial metric long must be a boolean (or 0 or 1) (got 0.5) (point 0, trial 17, model bad)",
    ],
    [
      "a result that is not an object",
      () => 3,
      "trial must return an object of metrics (got 3) (point 0, trial 17, model bad)",
    ],
    [
      "an async trial",
      async () => ({ wait: 1, long: true }),
      "trial must be synchronous (it returned a Promise) (point 0, trial 17, model bad)",
    ],
  ])("%s", (_, trial, message) => {
    const e = failure(() => runOne(failing(trial), ["ok", "bad"]));
    expect(e.code).toBe(McxErrorCode.TRIAL_FAILED);
    expect(e.message).toBe(message);
  });

  it("keeps what the trial threw as the cause", () => {
    const boom = new Error("boom");
    const e = failure(() =>
      runOne(
        failing(() => {
          throw boom;
        }),
        ["bad"],
      ),
    );
    expect(e.cause).toBe(boom);
  });
});

describe("a createKernel simulation", () => {
  it("seeded by createTrialRng draws the numbers a trial simulation sees (same digest)", () => {
    const common = {
      params: z.object({ n: z.int().default(20) }),
      models: ["sum", "max"],
      metrics: { x: { kind: "continuous" }, big: { kind: "proportion" } },
    } as const;
    const compute = (rng: { exponential(rate?: number): number }, n: number, model: string): number => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const e = rng.exponential(2);
        s = model === "sum" ? s + e : Math.max(s, e);
      }
      return s;
    };
    const byTrial = defineSimulation({
      name: "by-trial",
      ...common,
      trial: ({ rng, params, model }) => {
        const x = compute(rng, params.n, model);
        return { x, big: x > 3 };
      },
    });
    const byKernel = defineSimulation({
      name: "by-kernel",
      ...common,
      createKernel(params, models) {
        const rng = createTrialRng();
        return {
          events: 0,
          runTrial(address, out) {
            models.forEach((model, slot) => {
              rng.seed(address);
              const x = compute(rng, params.n, model);
              out[slot * 2] = x;
              out[slot * 2 + 1] = x > 3 ? 1 : 0;
            });
          },
        };
      },
    });
    const digest = (sim: Simulation) =>
      runInline(resolveSpec({ name: "k", simulation: "./k.ts", trials: 1500, seed: 9 }, { simulation: sim }), {
        simulation: sim,
      }).digest;
    expect(digest(byKernel)).toBe(digest(byTrial));
  });
});

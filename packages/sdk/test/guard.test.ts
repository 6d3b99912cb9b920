import { McxError, McxErrorCode, type Simulation } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { defineSimulation, z } from "../src/index.ts";

const address = { seed: 1, point: 2, trial: 3 };

function run(sim: Simulation): void {
  sim.createKernel({}, ["m"]).runTrial(address, new Float64Array(sim.metrics.length));
}

function failure(sim: Simulation): McxError {
  try {
    run(sim);
  } catch (e) {
    if (e instanceof McxError) return e;
    throw e;
  }
  throw new Error("the trial did not fail");
}

const calling = (name: string, read: () => unknown) =>
  defineSimulation({
    name: `calls-${name}`,
    params: z.object({}),
    models: ["m"],
    metrics: { x: { kind: "continuous" } },
    trial: () => ({ x: Number(read()) }),
  });

const sources: [string, () => unknown][] = [
  ["Math.random()", () => Math.random()],
  ["Date.now()", () => Date.now()],
  ["performance.now()", () => performance.now()],
  ["crypto.getRandomValues()", () => crypto.getRandomValues(new Uint32Array(1))[0]],
];

describe("while a trial runs, global randomness and clocks throw MCX_NONDETERMINISTIC", () => {
  it.each(sources)("%s", (name, read) => {
    const e = failure(calling(name.replace(/\W/g, ""), read));
    expect(e.code).toBe(McxErrorCode.NONDETERMINISTIC);
    expect(e.message).toBe(
      `${name} was called during a trial; its value differs on every run, so the result could not be reproduced (point 2, trial 3, model m)`,
    );
    expect(e.hint).toContain("rng.uniform()");
  });

  it.each(sources)("%s works again outside a trial, after a trial that called it", (name, read) => {
    failure(calling(name.replace(/\W/g, ""), read));
    expect(Number.isFinite(Number(read()))).toBe(true);
  });

  it("a trial that catches the error fails all the same", () => {
    const sneaky = defineSimulation({
      name: "sneaky",
      params: z.object({}),
      models: ["m"],
      metrics: { x: { kind: "continuous" } },
      trial() {
        try {
          return { x: Math.random() };
        } catch {
          return { x: 0.5 };
        }
      },
    });
    expect(failure(sneaky).code).toBe(McxErrorCode.NONDETERMINISTIC);
  });

  it("guards createKernel kernels too", () => {
    const kernel = defineSimulation({
      name: "kernel-clock",
      params: z.object({}),
      models: ["m"],
      metrics: { x: { kind: "continuous" } },
      createKernel: () => ({
        events: 0,
        runTrial(_address, out) {
          out[0] = Date.now();
        },
      }),
    });
    const e = failure(kernel);
    expect(e.code).toBe(McxErrorCode.NONDETERMINISTIC);
    expect(e.message).toContain("(point 2, trial 3, kernel of models m)");
  });

  it("a trial that uses only its rng runs", () => {
    const fine = calling("nothing", () => 1);
    expect(() => run(fine)).not.toThrow();
  });
});

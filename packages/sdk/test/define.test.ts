import { describeSimulation, McxErrorCode, resolveSpec, SpecError } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { defineSimulation, z } from "../src/index.ts";

const base = {
  name: "queue",
  params: z.object({ lambda: z.number().positive().default(0.8), depth: z.int().min(1).default(3) }),
  models: ["fifo", { name: "lifo", description: "last come, first served" }],
  metrics: { wait: { kind: "continuous", unit: "s" }, long: { kind: "proportion" } },
  trial: () => ({ wait: 1, long: false }),
} as const;

function definitionError(definition: unknown): SpecError {
  try {
    defineSimulation(definition as typeof base);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error("defineSimulation accepted the definition");
}

describe("defineSimulation makes the Simulation the engine runs", () => {
  const sim = defineSimulation(base);

  it("declares models (from strings or { name, description }) that produce every metric", () => {
    expect(sim.name).toBe("queue");
    expect(sim.description).toBe("");
    expect(sim.models).toEqual([
      { name: "fifo", description: "", metrics: ["wait", "long"] },
      { name: "lifo", description: "last come, first served", metrics: ["wait", "long"] },
    ]);
  });

  it("declares metrics in their order, with unit and description defaulting to empty", () => {
    expect(sim.metrics).toEqual([
      { name: "wait", kind: "continuous", unit: "s", description: "" },
      { name: "long", kind: "proportion", unit: "", description: "" },
    ]);
  });

  it("compares every continuous metric between models (paired, under common random numbers)", () => {
    expect(sim.comparisonMetrics).toEqual(["wait"]);
  });

  it("keeps the params schema as the only home of the defaults (mcx models lists them)", () => {
    expect(describeSimulation(sim).params.map((p) => [p.path, p.default])).toEqual([
      ["lambda", 0.8],
      ["depth", 3],
    ]);
    expect(resolveSpec({ name: "s", simulation: "./q.ts", trials: 10 }, { simulation: sim }).points[0]!.params).toEqual(
      { lambda: 0.8, depth: 3 },
    );
  });

  it("makes unknown parameters errors, as for the built-ins (z.object would drop them)", () => {
    expect(() =>
      resolveSpec({ name: "s", simulation: "./q.ts", trials: 10, params: { lamda: 1 } }, { simulation: sim }),
    ).toThrow('spec.params.lamda is not a known key; did you mean "lambda"?');
  });

  it("names the path of a parameter that fails the user's schema", () => {
    let error: unknown;
    try {
      resolveSpec({ name: "s", simulation: "./q.ts", trials: 10, params: { lambda: -1 } }, { simulation: sim });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).code).toBe(McxErrorCode.SPEC_INVALID);
    expect((error as SpecError).path).toBe("spec.params.lambda");
    expect((error as SpecError).message).toMatchInlineSnapshot(`"spec.params.lambda must be positive (got -1)"`);
  });
});

describe("defineSimulation refuses a definition it cannot run, naming the key (MCX_SIMULATION_INVALID)", () => {
  it.each([
    [
      "a metric of an unknown kind",
      { ...base, metrics: { wait: { kind: "cont" } } },
      'simulation.metrics.wait.kind must be one of "continuous", "proportion" (got "cont")',
    ],
    ["an unknown key", { ...base, trials: base.trial }, 'simulation.trials is not a known key; did you mean "trial"?'],
    [
      "params that are not a zod object schema",
      { ...base, params: { lambda: 1 } },
      'simulation.params must be a zod object schema: z.object({ … }) from @mcx/sdk (got {"lambda":1})',
    ],
    ["no models", { ...base, models: [] }, "simulation.models must have at least 1 item (got [])"],
    [
      "a repeated model",
      { ...base, models: ["fifo", "fifo"] },
      'simulation.models must not repeat a model name (got ["fifo","fifo"])',
    ],
    ["no metrics", { ...base, metrics: {} }, "simulation.metrics must declare at least one metric (got {})"],
    [
      "a metric name that is not an identifier",
      { ...base, metrics: { "p-95": { kind: "continuous" } } },
      `simulation.metrics must name each metric by a letter, then letters, digits or '_' (got "p-95")`,
    ],
    [
      "neither trial nor createKernel",
      { ...base, trial: undefined },
      "simulation.trial must be a function (got nothing); or give createKernel",
    ],
    [
      "both trial and createKernel",
      { ...base, createKernel: () => ({}) },
      "simulation.createKernel must not be given with trial (got both)",
    ],
    ["a trial that is not a function", { ...base, trial: 3 }, "simulation.trial must be a function (got 3)"],
    [
      "the name of a built-in",
      { ...base, name: "rendezvous" },
      'simulation.name must not be the name of a built-in simulation (livepatch, rendezvous) (got "rendezvous")',
    ],
    [
      "a name with a space",
      { ...base, name: "my queue" },
      `simulation.name must be letters, digits, '.', '_' or '-', starting with a letter (got "my queue")`,
    ],
  ])("%s", (_, definition, message) => {
    const e = definitionError(definition);
    expect(e.code).toBe(McxErrorCode.SIMULATION_INVALID);
    expect(e.message).toBe(message);
    expect(e.message.startsWith(`${e.path} `)).toBe(true);
  });

  it("a createKernel that returns no TrialKernel fails when the kernel is made", () => {
    const sim = defineSimulation({ ...base, trial: undefined, createKernel: () => ({}) as never });
    expect(() => sim.createKernel({ lambda: 1, depth: 1 }, ["fifo"])).toThrow(
      "simulation.createKernel of queue must return a TrialKernel",
    );
  });
});

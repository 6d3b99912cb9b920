import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { exitCodeOf, McxError, McxErrorCode, resolveSpec, runInline, SpecError } from "@mcx/core";
import { loadSimulationBundle } from "@mcx/runner/simulation";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleSimulation, prepareSimulation } from "../../src/simulation/index.ts";
import { createWorkDir } from "../helpers/cli.ts";

let work: ReturnType<typeof createWorkDir>;
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

const store = () => join(work.dir, "store");

async function loadError(source: string, name = "module.ts"): Promise<McxError> {
  try {
    await prepareSimulation(work.write(name, source), store());
  } catch (e) {
    if (e instanceof McxError) return e;
    throw e;
  }
  throw new Error("the module loaded");
}

const simulationSource = (trialBody: string) => `import { defineSimulation, z } from "@mcx/sdk";

function check(x: number): number {
  if (x > 0.5) throw new RangeError("x is too large: " + x);
  return x;
}

export default defineSimulation({
  name: "loaded",
  params: z.object({ limit: z.number().default(2) }),
  models: ["m"],
  metrics: { x: { kind: "continuous" } },
  trial({ rng, params }) {
    ${trialBody}
  },
});
`;

describe("a module whose default export is not a simulation is refused, saying what was found (exit 2)", () => {
  it.each([
    ["no default export", "export const x = 1;\n", "no default export (named exports: x)"],
    ["nothing at all", "const x = 1;\nvoid x;\n", "no default export"],
    [
      "a definition not passed to defineSimulation",
      'export default { name: "x", trial: () => ({}) };\n',
      "a plain object with keys name, trial",
    ],
    ["a function", "export default function simulate() {}\n", "a function named simulate"],
    ["a number", "export default 42;\n", "number 42"],
    ["an array", "export default [1, 2];\n", "an array of 2 item(s)"],
  ])("%s", async (_, source, found) => {
    const e = await loadError(source);
    expect(e).toBeInstanceOf(SpecError);
    expect(e.code).toBe(McxErrorCode.SIMULATION_INVALID);
    expect(exitCodeOf(e)).toBe(2);
    expect(e.message).toBe(
      `the default export of ${join(work.dir, "module.ts")} must be a simulation made by defineSimulation (got ${found})`,
    );
  });
});

describe("loadSimulationBundle", () => {
  it("loads the simulation the module defines, with the bundle's hash", async () => {
    const prepared = await prepareSimulation(
      work.write("ok.ts", simulationSource("return { x: rng.uniform() };")),
      store(),
    );
    expect(prepared.simulation.name).toBe("loaded");
    expect(prepared.hash).toBe(prepared.bundle.hash);
    const again = await loadSimulationBundle(prepared.file);
    expect(again.simulation).toBe(prepared.simulation);
  });

  it("refuses a bundle whose bytes do not have the expected hash (MCX_BUNDLE_MISMATCH, exit 1)", async () => {
    const bundle = await bundleSimulation(work.write("ok.ts", simulationSource("return { x: 1 };")));
    const file = join(work.dir, bundle.fileName);
    writeFileSync(file, `${bundle.code}\n// changed\n`);
    let error: unknown;
    try {
      await loadSimulationBundle(file, { expectedHash: bundle.hash });
    } catch (e) {
      error = e;
    }
    expect((error as McxError).code).toBe(McxErrorCode.BUNDLE_MISMATCH);
    expect(exitCodeOf(error as McxError)).toBe(1);
  });

  it("refuses a bundle built for another SDK version", async () => {
    const bundle = await bundleSimulation(work.write("ok.ts", simulationSource("return { x: 1 };")));
    const file = join(work.dir, "other-version.mjs");
    writeFileSync(file, bundle.code.replaceAll("0.1.0", "9.9.9"));
    await expect(loadSimulationBundle(file)).rejects.toThrow(
      "threw while loading: Error: this simulation bundle was built for @mcx/sdk 9.9.9 and must be loaded by that mcx (found 0.1.0)",
    );
  });

  it("reports a definition error at the module's line", async () => {
    const e = await loadError(simulationSource("return { x: 1 };").replace('"continuous"', '"cont"'));
    expect(e.code).toBe(McxErrorCode.SIMULATION_INVALID);
    expect(e.message).toBe('simulation.metrics.x.kind must be one of "continuous", "proportion" (got "cont")');
    expect((e as SpecError).path).toBe("module.ts:8:16");
  });

  it("reports a module that throws while loading at its line", async () => {
    const e = await loadError('const table = JSON.parse("{");\nexport default table;\n');
    expect(e.code).toBe(McxErrorCode.SIMULATION_INVALID);
    expect((e as SpecError).path).toBe("module.ts:1:20");
  });

  it("a trial that throws is reported with the user's file:line:col", async () => {
    const { simulation } = await prepareSimulation(
      work.write("throws.ts", simulationSource("return { x: check(rng.uniform() * params.limit) };")),
      store(),
    );
    const spec = resolveSpec({ name: "t", simulation: "./throws.ts", trials: 50, seed: 1 }, { simulation });
    let error: unknown;
    try {
      runInline(spec, { simulation });
    } catch (e) {
      error = e;
    }
    expect((error as McxError).code).toBe(McxErrorCode.TRIAL_FAILED);
    expect((error as McxError).message).toMatch(
      /^trial threw RangeError: x is too large: [\d.]+ at throws\.ts:4:22 \(point 0, trial \d+, model m\)$/,
    );
  });

  it("Math.random in a trial fails with MCX_NONDETERMINISTIC at the user's line", async () => {
    const { simulation } = await prepareSimulation(
      work.write("random.ts", simulationSource("return { x: Math.random() };")),
      store(),
    );
    const spec = resolveSpec({ name: "t", simulation: "./random.ts", trials: 10 }, { simulation });
    expect(() => runInline(spec, { simulation })).toThrow(
      /^Math\.random\(\) was called during a trial; .* at random\.ts:14:22 \(point 0, trial 0, model m\)$/,
    );
  });
});

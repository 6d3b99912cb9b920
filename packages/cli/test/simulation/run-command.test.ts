import type { ResultDocument } from "@mcx/core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, type CliResult, createWorkDir, ERROR_LINE, expectBadInput, mcx } from "../helpers/cli.ts";

// `mcx run` and `mcx validate` of a spec whose `simulation:` is a module path, as users run them (the built CLI),
// and the errors they can act on: where the module or the spec is wrong, what a trial did.

let work: ReturnType<typeof createWorkDir>;
const root = new URL("../../../../", import.meta.url).pathname;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

/** A simulation module with one continuous metric `x` whose trial body is `body` (lines 9 on). */
const module = (body: string, header = "") => `${header}import { defineSimulation, z } from "@mcx/sdk";

export default defineSimulation({
  name: "case",
  params: z.object({ rate: z.number().positive().default(1) }),
  models: ["a", "b"],
  metrics: { x: { kind: "continuous" } },
  trial({ rng, params, model }) {
${body}
  },
});
`;

/** Writes `case.ts` (from `source`) and `case.yaml` running it, returns the spec's path. */
function writeCase(source: string, specExtra = ""): string {
  work.write("case.ts", source);
  return work.write("case.yaml", `name: case\nsimulation: ./case.ts\nseed: 2\ntrials: 2000\n${specExtra}`);
}

function runtimeError(r: CliResult): { code: string; what: string; where: string } {
  expect(r.status, r.stderr).toBe(1);
  const m = ERROR_LINE.exec(r.stderr.split("\n")[0] ?? "");
  expect(m, r.stderr).not.toBeNull();
  return { code: m![1]!, what: m![2]!, where: m![3]! };
}

describe("mcx run with a user simulation", () => {
  it("gives the same digest on 1 and 2 threads, and names the bundle in the result and its specHash", () => {
    const docs = ["1", "2"].map((threads) => {
      const r = mcx(["run", "examples/pi/pi.yaml", "--threads", threads, "--json", "--quiet"], { cwd: root });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.text) as ResultDocument;
    });
    expect(docs[1]!.digest).toBe(docs[0]!.digest);
    expect(docs[0]!.run.threads).toBe(1);
    expect(docs[1]!.run.threads).toBe(2);
    expect(docs[0]!.simulation).toBe("pi");
    expect(docs[0]!.bundle).toMatch(/^sha256:[0-9a-f]{64}$/);
    const validated = mcx(["validate", "examples/pi/pi.yaml", "--json"], { cwd: root });
    expect(JSON.parse(validated.text)).toMatchObject({ bundle: docs[0]!.bundle, specHash: docs[0]!.specHash });
  });

  it("prints the bundle under the summary's title", () => {
    const r = mcx(["run", writeCase(module("    return { x: rng.normal() };"))]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.text.split("\n")[2]).toMatch(/^bundle sha256:[0-9a-f]{64}$/);
  });

  it("a trial that calls Math.random fails the run: exit 1, MCX_NONDETERMINISTIC at the user's line", () => {
    const e = runtimeError(mcx(["run", writeCase(module("    return { x: Math.random() };"))]));
    expect(e.code).toBe("MCX_NONDETERMINISTIC");
    expect(e.what).toMatch(
      /^(shard \d+: )?Math\.random\(\) was called during a trial; .* at case\.ts:9:22 \(point 0, trial \d+, model a\)$/,
    );
  });

  it("a trial that throws fails the run: exit 1 naming point, trial, model, the message and the user's file:line", () => {
    const body =
      '    if (model === "b" && rng.uniform() < 0.05) throw new RangeError("negative queue");\n    return { x: 1 };';
    const r = mcx(["run", writeCase(module(body))]);
    const e = runtimeError(r);
    expect(e.code).toBe("MCX_TRIAL_FAILED");
    expect(e.what).toMatch(
      /^(shard \d+: )?trial threw RangeError: negative queue at case\.ts:9:\d+ \(point 0, trial \d+, model b\)$/,
    );
    expect(r.stderr).toContain("hint: the same trial fails on every run");
  });

  it("a module that does not compile: exit 2 at its file:line:col, nothing run", () => {
    const e = expectBadInput(mcx(["run", writeCase(module("    return { x: };"))]));
    expect(e.code).toBe("MCX_SIMULATION_BUILD");
    expect(e.where).toBe(`${work.dir}/case.ts:9:17`);
    expect(e.what).toBe('Unexpected "}"');
  });

  it("params that fail the simulation's schema: exit 2 naming the path, at the spec's line", () => {
    const e = expectBadInput(mcx(["run", writeCase(module("    return { x: 1 };"), "params:\n  rate: -2\n")]));
    expect(e.code).toBe("MCX_SPEC_INVALID");
    expect(e.what).toBe("spec.params.rate must be positive (got -2)");
    expect(e.where).toBe(`${work.dir}/case.yaml:6:3`);
  });

  it("a module whose default export is not a simulation: exit 2 saying what was found", () => {
    const e = expectBadInput(mcx(["run", writeCase('export default { name: "x", trial() {} };\n')]));
    expect(e.code).toBe("MCX_SIMULATION_INVALID");
    expect(e.what).toBe(
      `the default export of ${work.dir}/case.ts must be a simulation made by defineSimulation (got a plain object with keys name, trial)`,
    );
  });

  it("a module path that names no file: exit 2 at the spec's simulation line", () => {
    const spec = work.write("lost.yaml", "name: lost\nsimulation: ./nowhere.ts\ntrials: 100\n");
    const e = expectBadInput(mcx(["run", spec]));
    expect(e.code).toBe("MCX_FILE_NOT_FOUND");
    expect(e.where).toBe(`${spec}:2:1`);
    expect(e.what).toBe(`simulation module ${work.dir}/nowhere.ts does not exist`);
  });
});

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isModulePath, type MetricResult, parseSpecText, resolveSpec, runInline } from "@mcx/core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { modulePathOf, prepareSimulation } from "../src/simulation/index.ts";
import { assertBuilt, createWorkDir, expectBadInput, mcx } from "./helpers/cli.ts";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

function typecheck(project: string) {
  return spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
}

describe("mcx init NAME", () => {
  it("writes a simulation module, a spec and a tsconfig.json into NAME/", () => {
    const r = mcx(["init", "tasks"], { cwd: work.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.text).toBe(
      "wrote\n  tasks/tasks.ts\n  tasks/tasks.yaml\n  tasks/tsconfig.json\nnext: edit tasks/tasks.ts; mcx models ./tasks/tasks.ts lists it, mcx run tasks/tasks.yaml runs it\n",
    );
    const spec = readFileSync(join(work.dir, "tasks", "tasks.yaml"), "utf8");
    expect(spec).toContain("simulation: ./tasks.ts\n");
  });

  it("gives editors the SDK's types: the module type-checks, and a wrong metric does not", () => {
    mcx(["init", "tasks"], { cwd: work.dir });
    const project = join(work.dir, "tasks");
    const ok = typecheck(project);
    expect(ok.stdout + ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const module = join(project, "tasks.ts");
    writeFileSync(module, readFileSync(module, "utf8").replace("late: done > params.deadline", "late: 0.5"));
    const bad = typecheck(project);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain("Type '0.5' is not assignable to type 'boolean | 0 | 1'");
  });

  it("writes a module that bundles, loads and runs to its closed forms (5σ, false-failure rate 5.7e-7 each)", async () => {
    mcx(["init", "tasks"], { cwd: work.dir });
    const specFile = join(work.dir, "tasks", "tasks.yaml");
    const raw = parseSpecText(readFileSync(specFile, "utf8"), specFile) as { simulation: string };
    expect(isModulePath(raw.simulation)).toBe(true);
    const { simulation } = await prepareSimulation(modulePathOf(specFile, raw.simulation), join(work.dir, "store"));
    const doc = runInline(resolveSpec(raw, { simulation }), { simulation });
    // 8 tasks at rate 1: E[parallel] = H_8, E[sequential] = 8 (Gamma(8, 1): sd √8).
    const h8 = [1, 2, 3, 4, 5, 6, 7, 8].reduce((s, k) => s + 1 / k, 0);
    const done = (model: string) => doc.points[0]!.models[model]!.metrics.done as MetricResult & { kind: "continuous" };
    expect(Math.abs(done("parallel").mean - h8) / done("parallel").se).toBeLessThan(5);
    expect(Math.abs(done("sequential").mean - 8) / (Math.sqrt(8) / Math.sqrt(done("sequential").n))).toBeLessThan(5);
  });

  it.each([
    [
      "a name that is not an identifier",
      "my sim",
      "NAME must be letters, digits, '.', '_' or '-', starting with a letter (got \"my sim\")",
    ],
    ["the name of a built-in", "rendezvous", 'NAME must not be the name of a built-in simulation (got "rendezvous")'],
  ])("refuses %s (exit 2)", (_, name, what) => {
    const e = expectBadInput(mcx(["init", name], { cwd: work.dir }));
    expect(e.code).toBe("MCX_FLAG_INVALID");
    expect(e.what).toBe(what);
  });

  it("refuses a NAME that exists, and leaves it as it was (exit 2)", () => {
    work.write("tasks", "mine\n");
    const e = expectBadInput(mcx(["init", "tasks"], { cwd: work.dir }));
    expect(e.what).toBe('NAME must not exist yet (got "tasks", which exists)');
    expect(readFileSync(join(work.dir, "tasks"), "utf8")).toBe("mine\n");
  });
});

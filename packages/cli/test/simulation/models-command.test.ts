import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, createWorkDir, expectBadInput, mcx } from "../helpers/cli.ts";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
let work: ReturnType<typeof createWorkDir>;
beforeAll(assertBuilt);
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

// The CLI's bundle store ($MCX_BUNDLE_DIR): this test's directory.
const models = (args: string[], cwd = root) =>
  mcx(["models", ...args], { cwd, env: { MCX_BUNDLE_DIR: join(work.dir, "mcx-bundles") } });

describe("mcx models ./module.ts", () => {
  it("lists a user simulation's models, metrics and parameters with the defaults of its schema", () => {
    const r = models(["./examples/mm1/mm1.ts", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.text) as { name: string; models: { name: string }[]; params: { path: string }[] };
    expect(d.name).toBe("mm1");
    expect(d.models.map((m) => m.name)).toEqual(["fifo", "antithetic"]);
    expect(d.params).toEqual([
      { path: "lambda", type: "number [0<..]", default: 0.8, description: "arrival rate (1/s)" },
      { path: "mu", type: "number [0<..]", default: 1, description: "service rate (1/s)" },
      {
        path: "customers",
        type: "integer [1..1000000]",
        default: 1000,
        description: "n: the customer whose wait counts",
      },
    ]);
    // The bundle it loaded is in the store, named by its hash.
    expect(readdirSync(join(work.dir, "mcx-bundles"))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.mjs$/)]);
  });

  it("a module that does not compile: exit 2 with file:line:col", () => {
    work.write(
      "broken.ts",
      'import { defineSimulation } from "@mcx/sdk";\nexport default defineSimulation({\n  name: "x",,\n});\n',
    );
    const e = expectBadInput(models(["./broken.ts"], work.dir));
    expect(e.code).toBe("MCX_SIMULATION_BUILD");
    expect(e.where).toBe("broken.ts:3:13");
    expect(e.what).toBe('Expected identifier but found ","');
  });

  it("a module whose default export is not a simulation: exit 2 saying what was found", () => {
    work.write("plain.mjs", "export const simulation = { name: 'x' };\n");
    const e = expectBadInput(models(["./plain.mjs"], work.dir));
    expect(e.code).toBe("MCX_SIMULATION_INVALID");
    expect(e.what).toBe(
      "the default export of ./plain.mjs must be a simulation made by defineSimulation (got no default export (named exports: simulation))",
    );
  });

  it("a module that does not exist: exit 2, nothing written", () => {
    const e = expectBadInput(models(["./absent.ts"], work.dir));
    expect(e.code).toBe("MCX_FILE_NOT_FOUND");
    expect(existsSync(join(work.dir, "mcx-bundles"))).toBe(false);
  });
});

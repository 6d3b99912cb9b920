import { createHash } from "node:crypto";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { McxErrorCode, SpecError } from "@mcx/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleSimulation } from "../../src/simulation/index.ts";
import { createWorkDir } from "../helpers/cli.ts";

let work: ReturnType<typeof createWorkDir>;
beforeEach(() => {
  work = createWorkDir();
});
afterEach(() => work.cleanup());

const helperModule = `export function square(x: number): number {
  return x * x;
}
`;

const mainModule = `import { defineSimulation, z } from "@mcx/sdk";
import { z as zod } from "zod";
import { square } from "./lib/square.ts";

export default defineSimulation({
  name: "squares",
  params: z.object({ k: zod.number().default(2) }),
  models: ["m"],
  metrics: { x: { kind: "continuous" } },
  trial: ({ rng, params }) => ({ x: square(rng.uniform()) * params.k }),
});
`;

/** A module importing a helper from a subdirectory, in `dir`; returns the module's path. */
function writeProject(dir: string): string {
  mkdirSync(join(dir, "lib"), { recursive: true });
  writeFileSync(join(dir, "lib", "square.ts"), helperModule);
  writeFileSync(join(dir, "squares.ts"), mainModule);
  return join(dir, "squares.ts");
}

async function buildError(module: string): Promise<SpecError> {
  try {
    await bundleSimulation(module);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error("the module bundled");
}

describe("bundleSimulation", () => {
  it("bundles the module and its imports into one ESM file named by the SHA-256 of its bytes", async () => {
    const bundle = await bundleSimulation(writeProject(join(work.dir, "a")));
    const hex = createHash("sha256").update(bundle.code).digest("hex");
    expect(bundle.hash).toBe(`sha256:${hex}`);
    expect(bundle.fileName).toBe(`${hex}.mjs`);
    expect(bundle.code).toContain("function square(x)");
    expect(bundle.code).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
    // No import is left to resolve at load time: @mcx/sdk and zod come from the runtime, not from node_modules.
    expect(bundle.code).not.toMatch(/^import /m);
  });

  it("gives the same bytes for the same module wherever it is on disk", async () => {
    const a = await bundleSimulation(writeProject(join(work.dir, "a")));
    cpSync(join(work.dir, "a"), join(work.dir, "elsewhere", "deeper"), { recursive: true });
    const b = await bundleSimulation(join(work.dir, "elsewhere", "deeper", "squares.ts"));
    expect(b.hash).toBe(a.hash);
    expect(b.code).toBe(a.code);
    expect(a.code).not.toContain(work.dir);
  });

  it("keeps only the SDK and zod names the module uses", async () => {
    const { code } = await bundleSimulation(writeProject(join(work.dir, "a")));
    expect(code).toContain('get("defineSimulation")');
    expect(code).not.toContain('get("createTrialRng")');
  });

  it("reports a syntax error as file:line:col (MCX_SIMULATION_BUILD, exit 2)", async () => {
    const file = work.write(
      "broken.ts",
      'import { defineSimulation } from "@mcx/sdk";\n\nexport default defineSimulation({\n  name: "x",,\n});\n',
    );
    const e = await buildError(file);
    expect(e.code).toBe(McxErrorCode.SIMULATION_BUILD);
    expect(e.path).toBe(`${file}:4:13`);
    expect(e.message).toBe(`${file}:4:13: Expected identifier but found ","`);
  });

  it("reports an error in an imported file at that file's line", async () => {
    work.write("helper.ts", "export const half = (x: number) => x / ;\n");
    const file = work.write("uses-helper.ts", 'import { half } from "./helper.ts";\nexport default half;\n');
    expect((await buildError(file)).path).toBe(`${join(work.dir, "helper.ts")}:1:40`);
  });

  it("reports an import of a name the SDK does not export at its line", async () => {
    const file = work.write(
      "typo.ts",
      'import { defineSimulaton } from "@mcx/sdk";\nexport default defineSimulaton;\n',
    );
    const e = await buildError(file);
    expect(e.path).toBe(`${file}:1:10`);
    expect(e.message).toContain('No matching export in "mcx-host:@mcx/sdk" for import "defineSimulaton"');
  });

  it("reports a module that cannot be resolved at the import", async () => {
    const file = work.write("missing.ts", 'import { x } from "./nowhere.ts";\nexport default x;\n');
    const e = await buildError(file);
    expect(e.code).toBe(McxErrorCode.SIMULATION_BUILD);
    expect(e.path).toBe(`${file}:1:19`);
  });

  it("refuses a file that is not a .ts, .mts, .js or .mjs module", async () => {
    const e = await buildError(work.write("model.py", "print(1)\n"));
    expect(e.code).toBe(McxErrorCode.SIMULATION_BUILD);
    expect(e.message).toBe("a simulation module must be a .ts, .mts, .js, .mjs file (got model.py)");
  });

  it("refuses a module that does not exist (MCX_FILE_NOT_FOUND)", async () => {
    const e = await buildError(join(work.dir, "absent.ts"));
    expect(e.code).toBe(McxErrorCode.FILE_NOT_FOUND);
  });
});

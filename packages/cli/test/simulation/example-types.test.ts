import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assertBuilt } from "../helpers/cli.ts";

describe("examples/*.ts", () => {
  it("type-check under strict TypeScript against the SDK's types (examples/tsconfig.json, as an editor sees them)", () => {
    assertBuilt();
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const project = fileURLToPath(new URL("../../../../examples/", import.meta.url));
    const r = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

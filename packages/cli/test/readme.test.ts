import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");

describe("README.md", () => {
  it("starts with exactly the two commands npm run quickstart and npm test", () => {
    expect(readme.startsWith("```sh\nnpm run quickstart\nnpm test\n```\n")).toBe(true);
  });

  it("has the spec reference generated from the current zod schema", () => {
    const r = spawnSync(process.execPath, ["scripts/spec-reference.mjs", "--check"], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("lists every runtime dependency of every package in its dependency table", () => {
    for (const pkg of ["core", "protocol", "runner", "client", "lifecycle", "coordinator", "worker", "cli"]) {
      const manifest = JSON.parse(readFileSync(`${root}packages/${pkg}/package.json`, "utf8")) as {
        dependencies?: Record<string, string>;
      };
      for (const dep of Object.keys(manifest.dependencies ?? {}).filter((d) => !d.startsWith("@mcx/"))) {
        // stdlib packages share a row: "`@stdlib/stats-base-dists-t-quantile`, `-t-cdf`".
        const short = dep.replace(/^@stdlib\/stats-base-dists(-.*)$/, "$1");
        expect(
          readme.includes(`\`${dep}\``) || readme.includes(`\`${short}\``),
          `${dep} (${pkg}) is not in the README`,
        ).toBe(true);
      }
    }
  });
});

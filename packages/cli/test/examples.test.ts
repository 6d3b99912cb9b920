import { readdirSync, readFileSync } from "node:fs";
import { parseSpecText, resolveSpec } from "@mcx/core";
import { describe, expect, it } from "vitest";

const dir = new URL("../../../examples/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

describe("examples/", () => {
  it("holds the examples the README and the issues name", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "quickstart.yaml",
        "seed-debate.yaml",
        "hotpath-sweep.yaml",
        "kpatch-retries.yaml",
        "anchors.yaml",
      ]),
    );
  });

  it.each(files)("%s is a valid livepatch spec that says what it shows in a leading comment", (file) => {
    const text = readFileSync(new URL(file, dir), "utf8");
    expect(text.startsWith("#")).toBe(true);
    const spec = resolveSpec(parseSpecText(text, file));
    expect(spec.simulation).toBe("livepatch");
    expect(spec.points.length).toBeGreaterThan(0);
  });
});

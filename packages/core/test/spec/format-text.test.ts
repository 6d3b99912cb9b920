import { describe, expect, it } from "vitest";
import { specToYaml } from "../../src/spec/format-text.ts";
import { parseSpecText } from "../../src/spec/parse-text.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

describe("specToYaml", () => {
  it("writes lists of plain values on one line", () => {
    expect(specToYaml({ name: "x", models: ["a", "b"], sweep: { list: [{ nCpu: 4 }] } })).toBe(
      "name: x\nmodels: [a, b]\nsweep:\n  list:\n    - nCpu: 4\n",
    );
  });

  it("reads back to the same spec, with the same specHash", () => {
    const spec = resolveSpec({
      name: "round-trip",
      simulation: "rendezvous",
      stop: { metrics: ["pause"], relHalfWidth: 0.01 },
      sweep: { lhs: { n: 3, space: { rate: { loguniform: [100, 1000] } } } },
      thresholds: { pause: [0.002, 0.004] },
    });
    const text = specToYaml(spec.source);
    expect(parseSpecText(text, "s.yaml")).toEqual(spec.source);
    expect(resolveSpec(parseSpecText(text, "s.yaml")).specHash).toBe(spec.specHash);
  });
});

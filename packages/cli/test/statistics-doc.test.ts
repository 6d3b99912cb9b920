import { readFileSync } from "node:fs";
import { ResultDocumentSchema } from "@mcx/core";
import { describe, expect, it } from "vitest";

const doc = readFileSync(new URL("../../../docs/statistics.md", import.meta.url), "utf8");

/** Field names of a zod object schema (its `shape`). */
function fields(schema: unknown): string[] {
  return Object.keys((schema as { shape: Record<string, unknown> }).shape);
}

describe("docs/statistics.md", () => {
  const point = (ResultDocumentSchema.shape.points as unknown as { element: { shape: Record<string, unknown> } })
    .element;
  const metric = point.shape["models"] as unknown as {
    valueType: { shape: { metrics: { valueType: { options: unknown[] } } } };
  };
  const [continuous, proportion] = metric.valueType.shape.metrics.valueType.options;
  const comparison = (point.shape["comparisons"] as unknown as { element: unknown }).element;

  it.each([
    ["continuous", continuous],
    ["proportion", proportion],
    ["comparison", comparison],
  ])("documents every field of a %s", (_, schema) => {
    for (const f of fields(schema).filter((f) => f !== "kind" && f !== "metric" && f !== "a" && f !== "b"))
      expect(doc, `${f} is not in docs/statistics.md`).toMatch(new RegExp(`\`${f}(\\[\\])?\``));
  });

  // Issue 12, item 10: conventions that were undocumented.
  it("says that a paired meanDiff drops trials where either side is not finite", () => {
    expect(doc).toMatch(/over the trials where \*\*both\*\* values are finite/);
    expect(doc).toMatch(/`meanDiff` is not the difference of the two reported means when `skipped` > 0/);
  });

  it("says that varianceOfVariance is not MCNP's VOV, and how they relate", () => {
    expect(doc).toMatch(/`varianceOfVariance`[^\n]*\n[^\n]*is \*\*not\*\* MCNP's VOV/);
    expect(doc).toContain("VOV_MCNP ≈ varianceOfVariance² ·");
  });

  it("says that a NaN proportion outcome counts as a failure, and how NaN enters tails and exceedances", () => {
    expect(doc).toContain("a NaN outcome counts as a failure");
    expect(doc).toContain("NaN values (a metric undefined in a trial) are left out of the tail statistics");
    expect(doc).toContain("(+∞ counts, NaN does not)");
  });

  it("documents optional stopping and both stop methods", () => {
    expect(doc).toContain("*optional stopping*");
    expect(doc).toContain("`stop.method: sequential`");
  });
});

import { MERGE_FIXTURES } from "@mcx/testkit";
import { describe, expect, it } from "vitest";
import { runInline } from "../../src/engine/run-inline.ts";
import type { ContinuousMetric, ProportionMetric } from "../../src/result/document.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

// Where the golden digests of the merge fixtures (tooling/testkit/src/merge-fixtures.ts) come from: each fixture's
// run on this thread, checked against the rendezvous closed forms for the max of n iid Exp(λ) delays,
//   E[pause] = H_n / λ,   P(pause > t) = 1 − (1 − e^{−λt})^n,
// then pinned. Each check is a 5σ test (false-failure probability 5.7e-7 under the normal approximation); an
// adaptive run's mean is tested the same way (stopping at a fixed checkpoint biases it far less than 1σ).
const harmonic = (n: number) => Array.from({ length: n }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);

describe("merge fixtures: closed forms, then the golden digest", () => {
  it.each(Object.entries(MERGE_FIXTURES))("%s", (_name, fixture) => {
    const doc = runInline(resolveSpec(fixture.spec));
    expect(doc.points.map((p) => p.trials)).toEqual(fixture.trials);
    for (const point of doc.points) {
      const { nCpu, rate, threshold } = point.params as { nCpu: number; rate: number; threshold: number };
      const mean = harmonic(nCpu) / rate;
      for (const model of ["plain", "antithetic"]) {
        const pause = point.models[model]!.metrics["pause"] as ContinuousMetric;
        expect(Math.abs(pause.mean - mean) / pause.se, `${model} E[pause], nCpu ${nCpu}`).toBeLessThan(5);
      }
      const late = point.models["plain"]!.metrics["late"] as ProportionMetric;
      const p = 1 - (1 - Math.exp(-rate * threshold)) ** nCpu;
      expect(Math.abs(late.p - p) / Math.sqrt((p * (1 - p)) / late.n), `P(late), nCpu ${nCpu}`).toBeLessThan(5);
    }
    expect(doc.digest).toBe(fixture.digest);
  });
});

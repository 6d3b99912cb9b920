import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planRun } from "../../src/engine/plan.ts";
import { runShard } from "../../src/engine/run-shard.ts";
import type { ShardSummary } from "../../src/engine/shard-task.ts";
import { summaryFingerprint } from "../../src/engine/summary-fingerprint.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";
import { valueFingerprint } from "../../src/util/value-fingerprint.ts";

// summaryFingerprint writes a summary by its known shape; it must give exactly the generic canonical fingerprint
// (valueFingerprint, which value-fingerprint.test.ts ties to canonicalJson) for every value, summary-shaped or not.
const generic = (v: unknown): string => valueFingerprint(v).slice(0, 16);

function realSummaries(raw: Record<string, unknown>, shards: number): ShardSummary[] {
  const spec = resolveSpec(raw);
  const plan = planRun("fingerprint-test", spec, 3 * spec.blockTrials);
  return Array.from({ length: Math.min(shards, plan.shardCount) }, (_, s) => runShard(plan.shardTask(s)));
}

describe("summaryFingerprint", () => {
  it("equals the generic fingerprint on real livepatch and rendezvous summaries", () => {
    const summaries = [
      ...realSummaries(
        {
          name: "fp-livepatch",
          simulation: "livepatch",
          seed: 3,
          trials: 6,
          blockTrials: 1,
          params: { workload: "reduced", nUser: 50, nKthread: 0, idleTasks: false },
        },
        2,
      ),
      ...realSummaries(
        {
          name: "fp-rendezvous",
          simulation: "rendezvous",
          seed: 5,
          trials: 90,
          blockTrials: 10,
          params: { nCpu: 8 },
          thresholds: { pause: [0, 0.001] },
        },
        3,
      ),
    ];
    expect(summaries.length).toBe(5);
    for (const s of summaries) {
      expect(s.exact.continuous.some((c) => c.sketch.pos.length > 0)).toBe(true);
      expect(summaryFingerprint(s)).toBe(generic(s));
    }
    // A changed count anywhere changes it.
    const s = structuredClone(summaries[0]!);
    const bins = s.exact.continuous.find((c) => c.sketch.pos.length > 0)!.sketch.pos as [number, number][];
    bins[0]![1]++;
    expect(summaryFingerprint(s)).not.toBe(summaryFingerprint(summaries[0]!));
    expect(summaryFingerprint(s)).toBe(generic(s));
  });

  it("equals the generic fingerprint on any value: other shapes, extra, missing and undefined members", () => {
    const double = fc.oneof(fc.double(), fc.constant(-0));
    const anything = fc.oneof(double, fc.constant(null), fc.constant(undefined), fc.string({ maxLength: 3 }));
    const bin = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.integer(), fc.integer()) },
      { weight: 1, arbitrary: fc.array(anything, { maxLength: 3 }) },
      { weight: 1, arbitrary: anything },
    );
    const bins = fc.oneof(
      { weight: 5, arbitrary: fc.array(bin, { maxLength: 5 }) },
      { weight: 1, arbitrary: anything },
    );
    // Records whose members may be left out, set to undefined, or joined by an extra member.
    const loose = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
      fc
        .tuple(
          fc.record(model, { requiredKeys: [] }),
          fc.boolean(),
          fc.option(fc.constantFrom(...Object.keys(model))),
          anything,
        )
        .map(([r, extra, undefinedKey, x]) => {
          const o: Record<string, unknown> = { ...r };
          if (extra) o.zExtra = x;
          if (undefinedKey !== null) o[undefinedKey] = undefined;
          return o;
        });
    const full = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
      fc.oneof({ weight: 3, arbitrary: fc.record(model) }, { weight: 1, arbitrary: loose(model) });
    const sketch = full({ alpha: double, zero: fc.nat(), pos: bins, neg: bins });
    const slot = full({
      nonFinite: fc.nat(),
      posInf: fc.nat(),
      negInf: fc.nat(),
      min: fc.option(double, { nil: null }),
      max: fc.option(double, { nil: null }),
      sketch,
      exceed: fc.array(fc.nat(), { maxLength: 3 }),
    });
    const summary = full({
      runId: fc.string({ maxLength: 8 }),
      shard: fc.nat(),
      point: fc.nat(),
      blockStart: fc.nat(),
      blockEnd: fc.nat(),
      trials: fc.nat(),
      events: fc.nat(),
      blocks: fc.oneof(
        fc.array(double, { maxLength: 300 }),
        fc.array(double, { maxLength: 10 }).map((a) => Float64Array.from(a)),
      ),
      exact: full({
        continuous: fc.oneof(
          { weight: 5, arbitrary: fc.array(slot, { maxLength: 4 }) },
          { weight: 1, arbitrary: anything },
        ),
        pairsSkipped: fc.array(fc.nat(), { maxLength: 3 }),
      }),
    });
    fc.assert(
      fc.property(summary, (s) => {
        expect(summaryFingerprint(s as ShardSummary)).toBe(generic(s));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { createExtensionBase, type ExtensionBase } from "../../src/engine/extension-base.ts";
import { planRun } from "../../src/engine/plan.ts";
import { runInline } from "../../src/engine/run-inline.ts";
import { RunMerger } from "../../src/engine/run-merger.ts";
import { runShard } from "../../src/engine/run-shard.ts";
import { McxErrorCode } from "../../src/errors.ts";
import { checkExtension } from "../../src/extend/check-extension.ts";
import { extendedSpec } from "../../src/extend/extend-spec.ts";
import { BLOCK_STORE_FORMAT, BlockStoreContentSchema } from "../../src/result/block-store.ts";
import { buildResult } from "../../src/result/build.ts";
import type { ResultDocument } from "../../src/result/document.ts";
import { formatLedger, parseLedger } from "../../src/result/ledger.ts";
import { type ResolvedSpec, resolveSpec } from "../../src/spec/resolve.ts";
import { canonicalJson } from "../../src/util/canonical-json.ts";

const meta = { runId: "r", startedAt: "t", wallSeconds: 0, mode: "embedded" as const, threads: 1 };

const fixed = (trials: number, extra: Record<string, unknown> = {}) =>
  resolveSpec({
    name: "ext",
    simulation: "rendezvous",
    seed: 5,
    trials,
    blockTrials: 100,
    params: { nCpu: 8 },
    thresholds: { pause: [0.003] },
    sweep: { grid: { rate: [500, 1000] } },
    ...extra,
  });

/** An adaptive version of the sweep: stop when pause's half-width is within `relHalfWidth` of its mean. */
const adaptive = (relHalfWidth: number) =>
  fixed(200_000, {
    trials: undefined,
    stop: { metrics: ["pause"], relHalfWidth, minTrials: 1000, maxTrials: 200_000 },
  });

/** Runs a plan in shard order on this thread, stopping after `shards` merged shards when given (a cancel). */
function drive(spec: ResolvedSpec, shardTrials: number, options: { base?: ExtensionBase; cancelAfter?: number } = {}) {
  const plan = planRun(
    options.base ? "extension" : "base",
    spec,
    shardTrials,
    options.base ? { base: options.base } : {},
  );
  const merger = new RunMerger(plan);
  for (let i = 0; i < plan.shardCount && !merger.done; i++) {
    if (options.cancelAfter !== undefined && merger.counts.completed >= options.cancelAfter) {
      merger.cancel();
      break;
    }
    if (merger.isWanted(i)) merger.apply(runShard(plan.shardTask(i)));
  }
  return { merger, plan, doc: buildResult(merger, meta) };
}

/** The base an extension to `next` gets from `merger`, through the JSON a result stores (block store, ledger). */
function baseOf(merger: RunMerger, next: ResolvedSpec): ExtensionBase {
  const json = JSON.parse(canonicalJson({ format: BLOCK_STORE_FORMAT, points: merger.blockStore() }));
  const content = BlockStoreContentSchema.parse(json);
  const ledger = parseLedger(formatLedger(merger.ledger()));
  return createExtensionBase(content.points, ledger, next.points.length);
}

function expectSameStatistics(a: ResultDocument, b: ResultDocument): void {
  expect(a.digest).toBe(b.digest);
  expect(a.points).toEqual(b.points);
  expect(a.convergence).toEqual(b.convergence);
  expect(a.run.events).toBe(b.run.events);
}

describe("an extended run is the run of the extended spec", () => {
  it("10 000 → 50 000 trials gives the digest, points and convergence of a fresh 50 000-trial run", () => {
    const base = drive(fixed(10_000), 1000);
    const next = fixed(50_000);
    checkExtension(fixed(10_000), next);
    const extended = drive(next, 3000, { base: baseOf(base.merger, next) });
    expectSameStatistics(extended.doc, runInline(next, { shardTrials: 2000 }));
    // Only the new blocks ran: 400 of the 500 blocks of each point.
    const ranBlocks = extended.merger
      .ledger()
      .at(-1)!
      .shards.reduce((n, s) => n + s.blockEnd - s.blockStart, 0);
    expect(ranBlocks).toBe(2 * 400);
  });

  it("a short last block is run again: 10 050 → 20 020 trials (blocks of 100)", () => {
    const base = drive(fixed(10_050), 700);
    const next = fixed(20_020);
    const extended = drive(next, 1000, { base: baseOf(base.merger, next) });
    expectSameStatistics(extended.doc, runInline(next, { shardTrials: 500 }));
    // The ledger keeps the base's shards inside the states (not the one that held the short block 100).
    const [own, ext] = extended.merger.ledger();
    expect(own!.runId).toBe("base");
    expect(Math.max(...own!.shards.map((s) => s.blockEnd))).toBeLessThanOrEqual(100);
    expect(ext!.shards[0]!.blockStart).toBe(
      Math.max(...own!.shards.filter((s) => s.point === 0).map((s) => s.blockEnd)),
    );
  });

  it("a cancelled run extended to its own spec gives the digest of the uncancelled run", () => {
    const spec = fixed(8000);
    const cancelled = drive(spec, 700, { cancelAfter: 5 });
    expect(cancelled.doc.status).toBe("cancelled");
    const extended = drive(spec, 300, { base: baseOf(cancelled.merger, spec) });
    expect(extended.doc.status).toBe("completed");
    expectSameStatistics(extended.doc, runInline(spec, { shardTrials: 800 }));
  });

  it("points added to a sweep give the digest of the larger sweep", () => {
    const base = fixed(3000);
    const next = resolveSpec(extendedSpec(base.source, { points: [{ rate: 2000 }, { rate: 250, nCpu: 16 }] }));
    checkExtension(base, next);
    const extended = drive(next, 1000, { base: baseOf(drive(base, 1000).merger, next) });
    const larger = fixed(3000, {
      sweep: { list: [{ rate: 500 }, { rate: 1000 }, { rate: 2000 }, { rate: 250, nCpu: 16 }] },
    });
    expectSameStatistics(extended.doc, runInline(larger, { shardTrials: 1000 }));
  });

  it("an adaptive run extended with a tighter target stops where a fresh run with that target stops", () => {
    const loose = drive(adaptive(0.02), 1000);
    expect(loose.doc.points.every((p) => p.stopped === "target_met")).toBe(true);
    const next = resolveSpec(extendedSpec(adaptive(0.02).source, { stop: { relHalfWidth: 0.008 } }));
    checkExtension(adaptive(0.02), next);
    const extended = drive(next, 2000, { base: baseOf(loose.merger, next) });
    const fresh = runInline(adaptive(0.008), { shardTrials: 1000 });
    expectSameStatistics(extended.doc, fresh);
    expect(extended.doc.points.map((p) => p.trials)).toEqual(fresh.points.map((p) => p.trials));
    expect(fresh.points[0]!.trials).toBeGreaterThan(loose.doc.points[0]!.trials);
  });

  it("refuses a looser target that a fresh run would have met before the merged prefix", () => {
    const tight = drive(adaptive(0.008), 1000);
    const next = adaptive(0.05);
    expect(() => drive(next, 1000, { base: baseOf(tight.merger, next) })).toThrowError(
      expect.objectContaining({ code: McxErrorCode.EXTEND_MISMATCH }),
    );
  });
});

describe("a stored point state", () => {
  it("restores every field of the merger that wrote it", () => {
    const spec = fixed(5000);
    const { merger } = drive(spec, 700, { cancelAfter: 3 });
    const restored = new RunMerger(planRun("base", spec, 700, { base: baseOf(merger, spec) }));
    // Everything a merger keeps, as plain data: a field the block store forgets shows up here by name.
    const plain = (pm: object) =>
      JSON.parse(
        JSON.stringify(pm, (key, v: unknown) => {
          if (key === "pending" || key === "mergedShards" || key === "layout") return undefined;
          if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array);
          return typeof v === "number" && !Number.isFinite(v) ? String(v) : v;
        }),
      ) as Record<string, unknown>;
    merger.points.forEach((pm, p) => {
      expect(plain(restored.points[p]!)).toEqual(plain(pm));
    });
  });
});

describe("checkExtension", () => {
  const base = fixed(2000);
  it.each([
    ["a seed", { seed: 6 }, "spec.seed must equal the extended run's 5 (got 6)"],
    ["blockTrials", { blockTrials: 200 }, "spec.blockTrials must equal the extended run's 100 (got 200)"],
    ["a parameter", { params: { nCpu: 9 } }, "spec.params.nCpu of point 0 must equal the extended run's 8 (got 9)"],
    [
      "the models",
      { models: ["plain"] },
      'spec.models must equal the extended run\'s ["plain","antithetic"] (got ["plain"])',
    ],
    ["fewer trials", { trials: 1000 }, "trials per point must be at least the extended run's 2000 (got 1000)"],
  ])("refuses %s with MCX_EXTEND_MISMATCH naming both values", (_what, change, message) => {
    expect(() => checkExtension(base, fixed(4000, change))).toThrowError(
      expect.objectContaining({ code: McxErrorCode.EXTEND_MISMATCH, message }),
    );
  });

  it("accepts more trials, a new name and a new shard size", () => {
    expect(() => checkExtension(base, fixed(4000, { name: "other", shardTrials: 500 }))).not.toThrow();
  });
});

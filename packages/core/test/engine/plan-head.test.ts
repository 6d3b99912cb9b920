import { describe, expect, it } from "vitest";
import { planRun } from "../../src/engine/plan.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

const spec = resolveSpec({
  name: "head",
  simulation: "rendezvous",
  seed: 1,
  trials: 2000,
  blockTrials: 100,
  sweep: { grid: { nCpu: [2, 4, 8] } },
});

/** [blockStart, blockEnd) of every shard of point p. */
function ranges(plan: ReturnType<typeof planRun>, p: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < plan.shardCount; s++)
    if (plan.shardPoint[s] === p) out.push([plan.shardBlockStart[s]!, plan.shardBlockEnd[s]!]);
  return out;
}

describe("planRun singleBlockHead (the embedded pilot's shards)", () => {
  it("cuts a point's first k blocks into one-block shards, then full shards, and leaves other points alone", () => {
    const plan = planRun("r", spec, 500, { singleBlockHead: new Map([[1, 3]]) });
    expect(ranges(plan, 1)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 8],
      [8, 13],
      [13, 18],
      [18, 20],
    ]);
    expect(ranges(plan, 0)).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
      [15, 20],
    ]);
    // The head's shard indexes are the point's first ones, as the pilot renumbers them.
    expect(plan.shardBlockStart[plan.firstShard[1]! + 2]).toBe(2);
    expect(plan.shardCount).toBe(4 + 7 + 4);
  });

  it("caps a head longer than the point at its blocks", () => {
    const plan = planRun("r", spec, 500, { singleBlockHead: new Map([[0, 99]]) });
    expect(ranges(plan, 0)).toHaveLength(20);
    expect(ranges(plan, 0).every(([a, b]) => b - a === 1)).toBe(true);
  });
});

describe("planRun taperThreads (auto-sized embedded runs)", () => {
  it("cuts each point's last `threads` full shards into quarter shards, covering every block once", () => {
    // 20 blocks a point, shards of 8 blocks: the last 2 × 8 blocks in shards of 2.
    const plan = planRun("r", spec, 800, { taperThreads: 2 });
    for (const p of [0, 1, 2]) {
      expect(ranges(plan, p)).toEqual([
        [0, 4],
        [4, 6],
        [6, 8],
        [8, 10],
        [10, 12],
        [12, 14],
        [14, 16],
        [16, 18],
        [18, 20],
      ]);
    }
  });

  it("keeps the head and the full shards before the tail, and changes nothing without it or for one-block shards", () => {
    const plan = planRun("r", spec, 500, { taperThreads: 2, singleBlockHead: new Map([[1, 3]]) });
    expect(ranges(plan, 1)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 8],
      [8, 10],
      ...Array.from({ length: 10 }, (_, k): [number, number] => [10 + k, 11 + k]),
    ]);
    expect(ranges(planRun("r", spec, 500), 0)).toEqual(ranges(planRun("r", spec, 500, { taperThreads: 0 }), 0));
    expect(ranges(planRun("r", spec, 100, { taperThreads: 4 }), 0)).toEqual(ranges(planRun("r", spec, 100), 0));
  });
});

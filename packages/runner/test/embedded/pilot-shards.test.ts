import { planRun, resolveSpec, runInline } from "@mcx/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPilotShards } from "../../src/embedded/pilot-shards.ts";
import { runEmbedded } from "../../src/embedded/run-embedded.ts";
import { createShardPool, type ShardPool, shardTaskFile } from "../../src/pool/pool.ts";

const RAW = { name: "pilot", simulation: "rendezvous", seed: 3, trials: 2000, blockTrials: 100 };
// A sweep of five points with blocks of 100 trials: the pilot times points 0, 2 and 4.
const SPEC = resolveSpec({ ...RAW, sweep: { grid: { nCpu: [2, 4, 8, 16, 32] } } });

let pool: ShardPool;
beforeAll(() => {
  shardTaskFile(); // the pool threads load the built task file: `pnpm build` first
  pool = createShardPool(2);
});
afterAll(() => pool.destroy());

describe("pilot shards (shardTrials: auto in embedded mode)", () => {
  it("runs the first blocks of the first, middle and last points as one-block shards of the plan", async () => {
    const pilot = await runPilotShards(SPEC, "r", pool, 4);
    // Four tasks' worth over three points: two blocks each.
    expect([...pilot.head]).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
    ]);
    expect(pilot.secondsPerTrial).toBeGreaterThan(0);
    const plan = planRun("r", SPEC, 500, { singleBlockHead: pilot.head });
    const events = await pilot.events(plan);
    expect(events.map((e) => e.shard).sort((a, b) => a! - b!)).toEqual(
      [0, 2, 4].flatMap((p) => [plan.firstShard[p]!, plan.firstShard[p]! + 1]),
    );
    for (const e of events) {
      expect(e.type).toBe("summary");
      if (e.type !== "summary") continue;
      const s = e.summary as { shard: number; blockStart: number; blockEnd: number; point: number };
      // Renumbered into the plan, whose shard there is exactly that one block.
      expect(s.shard).toBe(e.shard);
      expect([s.blockStart, s.blockEnd]).toEqual([plan.shardBlockStart[e.shard!], plan.shardBlockEnd[e.shard!]]);
      expect(plan.shardPoint[e.shard!]).toBe(s.point);
    }
    // Points without a pilot keep full shards from their first block.
    expect([plan.shardBlockStart[plan.firstShard[1]!], plan.shardBlockEnd[plan.firstShard[1]!]]).toEqual([0, 5]);
  });

  it("gives runInline's digest, whether the pilot covers part of a run or all of it", async () => {
    expect((await runEmbedded(SPEC, { pool })).digest).toBe(runInline(SPEC).digest);
    const tiny = resolveSpec({ ...RAW, trials: 100, params: { nCpu: 4 } });
    expect((await runEmbedded(tiny, { pool })).digest).toBe(runInline(tiny).digest);
  });

  it("stops waiting for the pilot when the run is aborted, and the run ends cancelled", async () => {
    const doc = await runEmbedded(SPEC, { pool, signal: AbortSignal.abort() });
    expect(doc.status).toBe("cancelled");
  });
});

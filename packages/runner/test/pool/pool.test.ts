import { decodeSummaryBytes, planRun, resolveSpec, runShard, summaryFingerprint } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { createShardPool, runEncodedShard, shardTaskFile, threadExecArgv } from "../../src/pool/pool.ts";

describe("threadExecArgv", () => {
  it("drops the @mcx/source condition in both spellings and keeps everything else", () => {
    expect(
      threadExecArgv([
        "--conditions",
        "@mcx/source",
        "--conditions",
        "node",
        "--conditions=@mcx/source",
        "--require",
        "x.cjs",
      ]),
    ).toEqual(["--conditions", "node", "--require", "x.cjs"]);
  });
});

describe("runEncodedShard (a worker's way to the pool)", () => {
  it("brings the shard's summary back as transferred bytes with its fingerprint", async () => {
    shardTaskFile(); // the pool threads load the built task file: `pnpm build` first
    const plan = planRun(
      "r1",
      resolveSpec({ name: "t", simulation: "rendezvous", seed: 5, trials: 400, blockTrials: 100 }),
      200,
    );
    const pool = createShardPool(1);
    try {
      const outcome = await runEncodedShard(pool, plan.shardTask(1));
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      const expected = runShard(plan.shardTask(1));
      expect(decodeSummaryBytes(outcome.summaryBytes)).toStrictEqual([expected]);
      expect(outcome.fingerprint).toBe(summaryFingerprint(expected));
      expect(await runEncodedShard(pool, { nope: 1 })).toMatchObject({ ok: false, deterministic: true });
    } finally {
      await pool.destroy();
    }
  });
});

import { planRun, resolveSpec } from "@mcx/core";
import type { ShardJob, ShardQueue } from "@mcx/runner";
import { describe, expect, it } from "vitest";
import { createShardLedger, ledgeredQueue } from "../../src/runs/shard-ledger.ts";

const plan = planRun("r-1", resolveSpec({ name: "l", simulation: "rendezvous", trials: 4000, blockTrials: 500 }), 1000);
const job = (shard: number): ShardJob => ({ shard, task: plan.shardTask(shard) });

function recordingQueue(failEnqueue = false) {
  const calls: string[] = [];
  const queue: ShardQueue = {
    async enqueue(jobs) {
      calls.push(`enqueue ${jobs.map((j) => j.shard).join(",")}`);
      if (failEnqueue) throw new Error("Connection is closed.");
    },
    async cancel(shards) {
      calls.push(`cancel ${shards.join(",")}`);
    },
    close: async () => undefined,
  };
  return { queue, calls };
}

describe("shard ledger", () => {
  it("holds what was enqueued until it is received or cancelled", async () => {
    const ledger = createShardLedger();
    const { queue, calls } = recordingQueue();
    const q = ledgeredQueue(queue, ledger, { detached: () => false, onSendFailed: () => undefined });
    await q.enqueue([job(0), job(1), job(2)]);
    q.received!(1);
    await q.cancel([2]);
    expect(ledger.pending().map((j) => j.shard)).toEqual([0]);
    expect(ledger.awaits(1)).toBe(false);
    expect(calls).toEqual(["enqueue 0,1,2", "cancel 2"]);
  });

  it("keeps shards whose send failed (Redis gone for a moment) for the reconciler, without failing the run", async () => {
    const ledger = createShardLedger();
    const { queue } = recordingQueue(true);
    const failures: string[] = [];
    const q = ledgeredQueue(queue, ledger, {
      detached: () => false,
      onSendFailed: (e, n) => failures.push(`${n}: ${e.message}`),
    });
    await q.enqueue([job(0), job(1)]);
    expect(ledger.size).toBe(2);
    expect(failures).toEqual(["2: Connection is closed."]);
  });

  it("sends and removes nothing once the run is detached (its shards stay queued for the next coordinator)", async () => {
    const ledger = createShardLedger();
    const { queue, calls } = recordingQueue();
    const q = ledgeredQueue(queue, ledger, { detached: () => true, onSendFailed: () => undefined });
    await q.enqueue([job(0)]);
    await q.cancel([0]);
    expect(calls).toEqual([]);
  });
});

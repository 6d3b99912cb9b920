import { planRun, resolveSpec } from "@mcx/core";
import { shardJobId, Topology, toRedisConnection } from "@mcx/protocol";
import { Queue } from "bullmq";

/** A small spec whose shard tasks the poison job is made from. */
const POISON_SPEC = resolveSpec({
  name: "poison",
  simulation: "rendezvous",
  seed: 1,
  trials: 48_000,
  shardTrials: 12_000,
});

/**
 * Puts a shard job whose task names a simulation no worker has into the shard queue (as Redis' admin user): a worker
 * takes it, fails it for good at once (deterministic: MCX_UNKNOWN_SIMULATION) and sends its dead letter. The job id
 * is the shard's, `<runId>-<shard>`, so it counts under `runId`.
 */
export async function addPoisonShard(redisUrl: string, runId: string, shard: number): Promise<void> {
  const queue = new Queue(Topology.queue, { connection: toRedisConnection(redisUrl), prefix: Topology.queuePrefix });
  try {
    const task = { ...planRun(runId, POISON_SPEC, 12_000).shardTask(shard), simulation: "no-such-simulation" };
    await queue.add("shard", task, { jobId: shardJobId(runId, shard), attempts: 3 });
  } finally {
    await queue.close();
  }
}

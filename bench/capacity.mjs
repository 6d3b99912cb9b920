// Capacity model check (issue 14, item 5): 8 worker processes (1 pool thread each), one coordinator, one Redis and
// one NATS on this machine, running ~10 ms shards. Measures shards/s and the CPU each component spends per shard
// (/proc), then
//  - the model's prediction for this machine: every shard costs the CPU of its worker process (kernel, queue and bus
//    work), the coordinator, Redis and NATS, all on the same cores, so shards/s ≤ cores ÷ (CPU per shard); the
//    measured rate is compared with it (and `coresUsed` says how much of the machine the run's processes got);
//  - the model for a cluster, where each component has a core of its own: one coordinator keeps busy
//    (shard seconds ÷ coordinator CPU per shard) worker threads, likewise one Redis and one NATS, at 100 ms, 1 s
//    and 10 s shards; the smallest of the three saturates first.
// Needs the build (pnpm build) and redis-server + nats-server on PATH (scripts/ensure-servers.sh).
import { availableParallelism } from "node:os";
import { resolveSpec, runInline } from "../packages/core/dist/index.js";
import { startBenchCluster } from "./cluster.mjs";
import { cpuSecondsOf, cpuSnapshot } from "./proc-cpu.mjs";
import { livepatchBenchSpec } from "./specs.mjs";

const WORKERS = Number(process.env.MCX_BENCH_WORKERS ?? 8);
const SHARDS = Number(process.env.MCX_BENCH_CAPACITY_SHARDS ?? 800);
const CORES = availableParallelism();

// ~10 ms shards of the bench workload (CPU time on this thread), one block each (one untimed run first for the JIT).
runInline(resolveSpec({ ...livepatchBenchSpec("capacity-pilot", 20), trials: 20 }));
const secondsPerTrial =
  cpuSecondsOf(() => runInline(resolveSpec({ ...livepatchBenchSpec("capacity-pilot", 50), trials: 50 }))) / 50;
const shardTrials = Math.max(1, Math.round(0.01 / secondsPerTrial));
const spec = { ...livepatchBenchSpec("bench-capacity", shardTrials), trials: shardTrials * SHARDS, shardTrials };

const cluster = await startBenchCluster({ threads: 1, workers: WORKERS });
try {
  await cluster.timeDistributed({ ...spec, trials: shardTrials * 4 * WORKERS }, 250); // warm-up
  const before = cpuSnapshot(cluster.pids);
  const { seconds, doc } = await cluster.timeDistributed(spec, 250);
  const used = cpuSnapshot(cluster.pids).since(before);
  const shards = doc.run.shards.completed;
  const workerCpu = Object.entries(used)
    .filter(([k]) => k.startsWith("worker"))
    .reduce((n, [, v]) => n + v, 0);
  const us = (s) => (s * 1e6) / shards;
  // CPU, not the wall-clock pilot: the worker processes' CPU per shard is the kernel plus their queue and bus work.
  const perShard = {
    workers: us(workerCpu),
    coordinator: us(used.coordinator),
    redis: us(used.redis),
    nats: us(used.nats),
  };
  const totalUs = perShard.workers + perShard.coordinator + perShard.redis + perShard.nats;
  const predicted = (CORES * 1e6) / totalUs;
  const measured = shards / seconds;
  console.log(
    JSON.stringify({
      bench: "capacity",
      workers: WORKERS,
      threadsPerWorker: 1,
      cores: CORES,
      shards,
      shardTrials,
      cpuUsPerShard: perShard,
      shardsPerSec: measured,
      predictedShardsPerSec: predicted,
      // What the run's processes got of the machine: below CORES when other work shares it.
      coresUsed: (totalUs * measured) / 1e6,
      digest: doc.digest,
    }),
  );
  // The cluster model: each component alone on a core.
  for (const shardSeconds of [0.1, 1, 10]) {
    const threads = Object.fromEntries(
      ["coordinator", "redis", "nats"].map((k) => [k, Math.floor((shardSeconds * 1e6) / perShard[k])]),
    );
    const first = Object.entries(threads).sort((a, b) => a[1] - b[1])[0][0];
    console.log(
      JSON.stringify({ bench: "capacity-model", shardSeconds, workerThreadsKeptBusy: threads, saturatesFirst: first }),
    );
  }
  console.log(
    JSON.stringify({
      name: `capacity: measured ÷ modelled shards/s, ${WORKERS} workers, 10 ms shards, ${CORES} cores`,
      ratio: measured / predicted,
      target: 1,
      gate: 0.8,
    }),
  );
} finally {
  await cluster.stop();
}

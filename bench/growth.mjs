// How the coordinator's cost grows (issue 14, item 4): plan and merge 10³ … 10⁶ near-empty shards, and sweeps of
// 1 … 1 000 points, printing CPU µs and heap bytes per shard and per point. What is measured is the coordinator's
// own per-shard work without its transports (planRun, then decode, RunMerger.validate and .apply of every shard's
// summary, in shard order); BullMQ and NATS are charged per shard by bench/dispatch.mjs and bench/capacity.mjs.
// Summaries: 1 000 real one-trial rendezvous shards, replayed with their shard and block indexes rewritten, so a
// million shards merge without running a million (the merge costs the same for any block's statistics).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { planRun, RunMerger, resolveSpec, runShard } from "../packages/core/dist/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const REAL = 1000;
const base = { name: "growth", simulation: "rendezvous", seed: 1, blockTrials: 1, shardTrials: 1, params: { nCpu: 1 } };
const sample = (() => {
  const spec = resolveSpec({ ...base, trials: REAL });
  const plan = planRun("growth", spec, 1);
  return Array.from({ length: REAL }, (_, s) => JSON.stringify(runShard(plan.shardTask(s))));
})();

/** Plans `shardsPerPoint` one-trial shards on each of `points` points and merges them all. */
function measure(points, shardsPerPoint) {
  const raw =
    points === 1
      ? { ...base, trials: shardsPerPoint }
      : { ...base, trials: shardsPerPoint, sweep: { grid: { rate: Array.from({ length: points }, (_, i) => 1 + i) } } };
  const spec = resolveSpec(raw);
  const heap0 = heap();
  let cpu = process.cpuUsage();
  const plan = planRun("growth", spec, 1);
  const planned = process.cpuUsage(cpu);
  const planUs = planned.user + planned.system;
  const merger = new RunMerger(plan);
  const heapPlanned = heap();
  cpu = process.cpuUsage();
  for (let s = 0; s < plan.shardCount; s++) {
    const summary = JSON.parse(sample[s % REAL]);
    summary.runId = plan.runId;
    summary.shard = s;
    summary.point = spec.points[plan.shardPoint[s]].index;
    summary.blockStart = plan.shardBlockStart[s];
    summary.blockEnd = plan.shardBlockEnd[s];
    merger.apply(merger.validate(summary));
  }
  const used = process.cpuUsage(cpu);
  const mergeUs = used.user + used.system;
  const heapMerged = heap();
  if (merger.counts.completed !== plan.shardCount)
    throw new Error(`merged ${merger.counts.completed} of ${plan.shardCount}`);
  const shards = plan.shardCount;
  return {
    points,
    shards,
    planUsPerShard: planUs / shards,
    mergeUsPerShard: mergeUs / shards,
    planBytesPerShard: (heapPlanned - heap0) / shards,
    mergedBytesPerShard: (heapMerged - heap0) / shards,
    mergedBytesPerPoint: (heapMerged - heap0) / points,
    heapMB: heapMerged / 2 ** 20,
  };
}

measure(1, 1e4); // warm-up: the JIT, so the smallest row is not its compile time
const rows = [];
for (const shards of [1e3, 1e4, 1e5, 1e6]) rows.push({ sweep: "shards", ...measure(1, shards) });
for (const points of [1, 10, 100, 1000]) rows.push({ sweep: "points", ...measure(points, 100) });
for (const row of rows) console.log(JSON.stringify({ bench: "growth", ...row }));
const byShards = rows.filter((r) => r.sweep === "shards");
console.log(
  JSON.stringify({
    name: "growth: merge µs per shard at 10⁶ shards ÷ at 10³ (O(1) per shard ≈ 1)",
    ratio: byShards[3].mergeUsPerShard / byShards[0].mergeUsPerShard,
    target: 1,
    gate: 2,
    lowerIsBetter: true,
  }),
);
console.log(
  JSON.stringify({
    name: "growth: heap bytes per shard at 10⁶ shards ÷ at 10⁴",
    ratio: byShards[3].mergedBytesPerShard / byShards[1].mergedBytesPerShard,
    target: 1,
    gate: 2,
    lowerIsBetter: true,
  }),
);

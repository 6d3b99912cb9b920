// Dispatch and small-shard efficiency (the README's Performance table):
// 1. Dispatch of near-empty shards, distributed: a rendezvous spec with one trial per shard (nCpu 1) through the
//    cluster (BullMQ + NATS JetStream, coordinator process, 1 worker process with 2 pool threads, local redis-server
//    and nats-server), shards/s from submit to result. Compared with Dask 2022.12 LocalCluster (2 procs) at
//    582 no-op tasks/s, the figure measured on this machine kind: target ≥ 10× Dask,
//    gate 3×. The embedded shards/s of the same spec is printed as information.
// 2. End-to-end efficiency with ~10 ms shards, 2 threads: (trials / wall) ÷ (2 × main-thread trials/s of runInline on
//    the same spec), medians of interleaved reps; embedded (runEmbedded, 2 threads) and distributed. Target 0.90,
//    gate 0.80 (Dask: 0.48 with 6 ms tasks).
// Needs the build (pnpm build) and redis-server + nats-server on PATH (scripts/ensure-servers.sh).
import { resolveSpec, runInline } from "../packages/core/dist/index.js";
import { interleavedRates, median, startBenchCluster, timeEmbedded } from "./cluster.mjs";
import { livepatchBenchSpec } from "./specs.mjs";

const REPS = Number(process.env.MCX_BENCH_REPS ?? 3);
const THREADS = 2;
const DISPATCH_SHARDS = Number(process.env.MCX_BENCH_DISPATCH_SHARDS ?? 3000);
// 600 shards of 10 ms: 3 s of work per rep on 2 threads, so the embedded pool's start-up (printed on its own below)
// is a small part of the figure rather than a third of it, as it was with 200.
const EFFICIENCY_SHARDS = Number(process.env.MCX_BENCH_EFFICIENCY_SHARDS ?? 600);
const SHARD_SECONDS = 0.01;
// Dask 2022.12 LocalCluster, 2 processes: 582 no-op tasks/s measured on this machine kind (README, Performance).
const DASK_TASKS_PER_SEC = 582;

// 1. Near-empty shards: one trial each.
const dispatchSpec = {
  name: "bench-dispatch",
  simulation: "rendezvous",
  seed: 1,
  trials: DISPATCH_SHARDS,
  blockTrials: 1,
  shardTrials: 1,
  params: { nCpu: 1 },
};

// 2. ~10 ms shards: pilot on this thread, then one block per shard. A block can be no larger than a shard, and one
//    block per shard is what a user choosing 10 ms shards would set; blocks of one trial (83 numbers per trial in
//    the summary) are the worst case for message size, which the dispatch figure above already exercises.
const pilotRaw = () => livepatchBenchSpec("bench-efficiency", 1);
let pilotTrials = 4;
let secondsPerTrial;
for (;;) {
  const t0 = performance.now();
  runInline(resolveSpec({ ...pilotRaw(), trials: pilotTrials }), { shardTrials: pilotTrials });
  const seconds = (performance.now() - t0) / 1000;
  secondsPerTrial = seconds / pilotTrials;
  if (seconds >= 0.2) break;
  pilotTrials *= 4;
}
const shardTrials = Math.max(1, Math.round(SHARD_SECONDS / secondsPerTrial));
const efficiencySpec = {
  ...livepatchBenchSpec("bench-efficiency", shardTrials),
  trials: shardTrials * EFFICIENCY_SHARDS,
  shardTrials,
};
const efficiencyTrials = resolveSpec(efficiencySpec).maxTrials;

const inline = (raw) => {
  const start = performance.now();
  const doc = runInline(resolveSpec(raw));
  return { seconds: (performance.now() - start) / 1000, doc };
};
const embedded = (raw) => timeEmbedded(raw, THREADS);

const cluster = await startBenchCluster({ threads: THREADS });
try {
  const distributed = (raw) => cluster.timeDistributed(raw, 250);

  // Warm-up: JIT, pools, connections in every mode.
  const warmDispatch = { ...dispatchSpec, trials: Math.min(200, DISPATCH_SHARDS) };
  const warmEfficiency = { ...efficiencySpec, trials: shardTrials * 8 };
  await embedded(warmDispatch);
  await distributed(warmDispatch);
  inline(warmEfficiency);
  await embedded(warmEfficiency);
  await distributed(warmEfficiency);

  // 1. Dispatch: interleaved reps, shards/s.
  const {
    samples: shardsPerSec,
    medians: dispatch,
    digest: dispatchDigest,
  } = await interleavedRates("dispatch", { distributed, embedded }, dispatchSpec, DISPATCH_SHARDS, REPS);

  // 2. Efficiency: interleaved reps of inline (main thread), embedded and distributed, trials/s.
  const {
    samples: tput,
    medians: m,
    digest: efficiencyDigest,
  } = await interleavedRates("efficiency", { inline, embedded, distributed }, efficiencySpec, efficiencyTrials, REPS);

  // The embedded pool's start-up, paid once per `mcx run`: a one-shard run, pool start included.
  const startup = [];
  for (let rep = 0; rep < REPS; rep++) {
    startup.push((await embedded({ ...efficiencySpec, trials: shardTrials })).seconds);
  }

  console.log(
    JSON.stringify({
      bench: "dispatch",
      simulation: dispatchSpec.simulation,
      shards: DISPATCH_SHARDS,
      threads: THREADS,
      shardsPerSec: dispatch,
      samples: shardsPerSec,
      reps: REPS,
      digest: dispatchDigest,
    }),
  );
  console.log(
    JSON.stringify({
      info: "dispatch: near-empty shards/s (embedded, 2 threads)",
      shardsPerSec: dispatch.embedded,
      vsDask: dispatch.embedded / DASK_TASKS_PER_SEC,
    }),
  );
  console.log(
    JSON.stringify({
      name: "dispatch: near-empty shards/s (distributed) vs Dask LocalCluster 582 tasks/s",
      ratio: dispatch.distributed / DASK_TASKS_PER_SEC,
      target: 10,
      gate: 3,
    }),
  );
  console.log(
    JSON.stringify({
      bench: "efficiency",
      simulation: efficiencySpec.simulation,
      trials: efficiencyTrials,
      shardTrials,
      secondsPerShard: shardTrials * secondsPerTrial,
      threads: THREADS,
      trialsPerSec: m,
      samples: tput,
      reps: REPS,
      digest: efficiencyDigest,
    }),
  );
  console.log(
    JSON.stringify({
      info: "embedded: seconds of a one-shard run (pool start-up, paid once per run)",
      seconds: median(startup),
    }),
  );
  console.log(
    JSON.stringify({
      name: "end-to-end efficiency, 10 ms shards, 2 threads (embedded)",
      ratio: m.embedded / (THREADS * m.inline),
      target: 0.9,
      gate: 0.8,
    }),
  );
  console.log(
    JSON.stringify({
      name: "end-to-end efficiency, 10 ms shards, 2 threads (distributed)",
      ratio: m.distributed / (THREADS * m.inline),
      target: 0.9,
      gate: 0.8,
    }),
  );
} finally {
  await cluster.stop();
}

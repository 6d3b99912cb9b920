// Distributed vs embedded: the same spec through `runEmbedded` (2 pool threads, in this process) and through the
// cluster (BullMQ + NATS JetStream, 1 worker process with 2 pool threads, coordinator process, local redis-server
// and nats-server), interleaved reps, medians of end-to-end throughput (trials/s from submit to result).
// Target (README, Performance): ≥ 0.95 of embedded throughput, gate 0.90. Shards are sized to ~0.5 s of compute.
// Needs the build (pnpm build) and redis-server + nats-server on PATH (scripts/ensure-servers.sh).
import { resolveSpec, runInline } from "../packages/core/dist/index.js";
import { interleavedRates, startBenchCluster, timeEmbedded } from "./cluster.mjs";
import { livepatchBenchSpec } from "./specs.mjs";

const REPS = Number(process.env.MCX_BENCH_REPS ?? 5);
const THREADS = 2;
const SHARDS = Number(process.env.MCX_BENCH_SHARDS ?? 40);

const specRaw = () => livepatchBenchSpec("bench-distributed", 50);

// Pilot on this thread: shards of ~0.5 s, SHARDS of them.
const pilotTrials = specRaw().blockTrials * 4;
const t0 = performance.now();
runInline(resolveSpec({ ...specRaw(), trials: pilotTrials }), { shardTrials: pilotTrials });
const secondsPerTrial = (performance.now() - t0) / 1000 / pilotTrials;
const block = specRaw().blockTrials;
const shardTrials = Math.max(block, Math.round(0.5 / secondsPerTrial / block) * block);
const specObject = { ...specRaw(), trials: shardTrials * SHARDS, shardTrials };
const spec = resolveSpec(specObject);

const cluster = await startBenchCluster({ threads: THREADS });
try {
  const distributed = (raw) => cluster.timeDistributed(raw, 1000);
  const embedded = (raw) => timeEmbedded(raw, THREADS);

  // Warm-up: JIT, kernel caches and connections in both modes.
  const warm = { ...specObject, trials: shardTrials * 4 };
  await embedded(warm);
  await distributed(warm);

  const {
    samples: tput,
    medians: m,
    digest,
  } = await interleavedRates("distributed", { embedded, distributed }, specObject, spec.maxTrials, REPS);
  console.log(
    JSON.stringify({
      bench: "distributed",
      simulation: spec.simulation,
      trials: spec.maxTrials,
      shardTrials,
      secondsPerShard: shardTrials * secondsPerTrial,
      threads: THREADS,
      trialsPerSec: m,
      samples: tput,
      reps: REPS,
      digest,
    }),
  );
  console.log(
    JSON.stringify({
      name: "distributed (1 worker × 2 threads) / embedded (2 threads)",
      ratio: m.distributed / m.embedded,
      target: 0.95,
      gate: 0.9,
    }),
  );
} finally {
  await cluster.stop();
}

// Throughput of a distributed run with 50 ms each way and 1 % loss on every link (the test kit's delaying TCP proxy
// in front of Redis and NATS: this kernel has no netem) against the same cluster on plain loopback: interleaved
// reps, medians of end-to-end trials/s. The fault suite checks that such a run is correct (latency.int.test.ts);
// this says what it costs. Standalone: `node bench/faults-latency.mjs` (also run by `pnpm bench`).
// Needs the build (pnpm build) and redis-server + nats-server on PATH (scripts/ensure-servers.sh).
import { resolveSpec } from "../packages/core/dist/index.js";
import { createDelayProxy } from "../tooling/testkit/dist/index.js";
import { interleavedRates, startBenchCluster } from "./cluster.mjs";

const REPS = Number(process.env.MCX_BENCH_REPS ?? 3);
const SHARDS = Number(process.env.MCX_BENCH_SHARDS ?? 40);
const SLOW_LINK = { latencyMs: 50, loss: 0.01, retransmitMs: 200 };

const spec = {
  name: "bench-faults-latency",
  simulation: "rendezvous",
  seed: 7,
  trials: 12_000 * SHARDS,
  blockTrials: 1000,
  shardTrials: 12_000,
  params: { nCpu: 256 },
};

const proxies = [];
const slowLink = async ({ redisPort, natsPort }) => {
  const [redis, nats] = await Promise.all([
    createDelayProxy({ target: { host: "127.0.0.1", port: redisPort }, ...SLOW_LINK, seed: 1 }),
    createDelayProxy({ target: { host: "127.0.0.1", port: natsPort }, ...SLOW_LINK, seed: 2 }),
  ]);
  proxies.push(redis, nats);
  return { redisPort: redis.port, natsPort: nats.port };
};

const loopback = await startBenchCluster({ threads: 2 });
const slow = await startBenchCluster({ threads: 2, via: slowLink });
try {
  const warm = { ...spec, trials: 12_000 * 4 };
  await loopback.timeDistributed(warm, 250);
  await slow.timeDistributed(warm, 250);
  const { medians, digest } = await interleavedRates(
    "faults-latency",
    { loopback: (raw) => loopback.timeDistributed(raw, 250), slow: (raw) => slow.timeDistributed(raw, 250) },
    spec,
    resolveSpec(spec).maxTrials,
    REPS,
  );
  console.log(
    JSON.stringify({
      bench: "faults-latency",
      shards: SHARDS,
      reps: REPS,
      medians,
      digest,
      lost: proxies.reduce((n, p) => n + p.stats().lost, 0),
    }),
  );
  console.log(
    JSON.stringify({
      name: "distributed with 50 ms + 1 % loss / loopback (trials/s)",
      ratio: medians.slow / medians.loopback,
    }),
  );
} finally {
  await Promise.all([loopback.stop(), slow.stop()]);
  await Promise.all(proxies.map((p) => p.close()));
}

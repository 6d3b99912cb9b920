// Threads 2 vs 1: the same spec through the embedded pool with 1 and 2 threads and on the main thread, interleaved,
// ≥ 5 reps, medians (README, Performance: target ≥ 0.85 efficiency vs a single-thread run, gate 0.80).
// Shards are sized to ~200 ms of compute so dispatch costs stay below 1 %. Starting a pool (threads, module load,
// kernel scratch) costs a fixed ~0.2 s per run, so the steady-state rate is measured differentially: each
// configuration runs a small and a large trial count, and rate = (N_large − N_small) / (T_large − T_small).
// The end-to-end ratio of the large runs, start-up included, is printed too.

import { resolveSpec, runInline } from "../packages/core/dist/index.js";
import { runEmbedded } from "../packages/runner/dist/index.js";
import { livepatchBenchSpec } from "./specs.mjs";

const REPS = Number(process.env.MCX_BENCH_REPS ?? 5);
const SMALL = 4_000;
const LARGE = 24_000;
const raw = livepatchBenchSpec("bench-threads", 50);
const small = resolveSpec({ ...raw, trials: SMALL });
const large = resolveSpec({ ...raw, trials: LARGE });

// Pilot on the main thread to size shards at ~200 ms.
let t0 = performance.now();
runInline(resolveSpec({ ...raw, trials: 200 }), { shardTrials: 200 });
const secondsPerTrial = (performance.now() - t0) / 1000 / 200;
const shardTrials = Math.max(50, Math.round(0.2 / secondsPerTrial / 50) * 50);

const configs = {
  inline: async (spec) => runInline(spec, { shardTrials }),
  one: async (spec) => runEmbedded(spec, { threads: 1, shardTrials }),
  two: async (spec) => runEmbedded(spec, { threads: 2, shardTrials }),
};
const digests = new Set();
async function seconds(run, spec) {
  t0 = performance.now();
  const r = await run(spec);
  digests.add(`${spec.maxTrials}:${r.digest}`);
  return (performance.now() - t0) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const steady = { inline: [], one: [], two: [] };
const endToEnd = { inline: [], one: [], two: [] };
for (let rep = 0; rep < REPS; rep++) {
  for (const [name, run] of Object.entries(configs)) {
    const ts = await seconds(run, small);
    const tl = await seconds(run, large);
    steady[name].push((LARGE - SMALL) / (tl - ts));
    endToEnd[name].push(LARGE / tl);
  }
}
// One digest per trial count: thread count never changes a result.
if (digests.size !== 2) throw new Error(`digests differ between configurations: ${[...digests].join(", ")}`);
const m = Object.fromEntries(Object.entries(steady).map(([k, v]) => [k, median(v)]));
const e = Object.fromEntries(Object.entries(endToEnd).map(([k, v]) => [k, median(v)]));
console.log(
  JSON.stringify({
    bench: "threads",
    shardTrials,
    secondsPerShard: shardTrials * secondsPerTrial,
    steadyTrialsPerSec: m,
    endToEndTrialsPerSec: e,
    reps: REPS,
  }),
);
console.log(
  JSON.stringify({
    name: "threads: pool(2) / (2 × main-thread run), steady state",
    ratio: m.two / (2 * m.inline),
    target: 0.85,
    gate: 0.8,
  }),
);
console.log(
  JSON.stringify({ name: "threads: pool(2) / (2 × pool(1)), steady state", ratio: m.two / (2 * m.one), target: 0.95 }),
);
console.log(
  JSON.stringify({ name: "threads: pool(2) / (2 × main-thread run), end to end", ratio: e.two / (2 * e.inline) }),
);

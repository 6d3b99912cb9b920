// Threads 2 vs 1: the same spec through the embedded pool with 1 and 2 threads, interleaved, ≥ 5 reps, medians
// (performance.md (c): target ≥ 0.85 efficiency vs a single-thread run, gate 0.80; pool(2)/pool(1) ≥ 0.95·2).
// Shards are sized to ~200 ms of compute so dispatch costs stay below 1 %.
import { runEmbedded } from "../packages/coordinator/dist/index.js";
import { resolveSpec, runInline } from "../packages/core/dist/index.js";

const REPS = Number(process.env.MCX_BENCH_REPS ?? 5);
const spec = resolveSpec({ ...specRaw(), trials: 2400 });

// Pilot on the main thread to size shards at ~200 ms.
const pilot = resolveSpec({ ...specRaw(), trials: 200 });
let t0 = performance.now();
runInline(pilot, { shardTrials: 200 });
const secondsPerTrial = (performance.now() - t0) / 1000 / 200;
const shardTrials = Math.max(50, Math.round(0.2 / secondsPerTrial / 50) * 50);

function specRaw() {
  return {
    name: "bench-threads",
    simulation: "livepatch",
    seed: 1,
    blockTrials: 50,
    params: { workload: "reduced", nUser: 1000, nKthread: 0, idleTasks: false },
    models: ["livepatch", "kgraft"],
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const inline = [];
const one = [];
const two = [];
let digest;
for (let rep = 0; rep < REPS; rep++) {
  t0 = performance.now();
  const r0 = runInline(spec, { shardTrials });
  inline.push(spec.maxTrials / ((performance.now() - t0) / 1000));
  for (const [threads, sink] of [
    [1, one],
    [2, two],
  ]) {
    t0 = performance.now();
    const r = await runEmbedded(spec, { threads, shardTrials });
    sink.push(spec.maxTrials / ((performance.now() - t0) / 1000));
    digest ??= r.digest;
    if (r.digest !== digest || r0.digest !== digest) throw new Error("digest differs between thread counts");
  }
}
const m = { inline: median(inline), one: median(one), two: median(two) };
console.log(
  JSON.stringify({
    bench: "threads",
    shardTrials,
    secondsPerShard: shardTrials * secondsPerTrial,
    trialsPerSec: m,
    reps: REPS,
  }),
);
console.log(
  JSON.stringify({
    name: "threads: pool(2) / (2 × main-thread run)",
    ratio: m.two / (2 * m.inline),
    target: 0.85,
    gate: 0.8,
  }),
);
console.log(JSON.stringify({ name: "threads: pool(2) / (2 × pool(1))", ratio: m.two / (2 * m.one), target: 0.95 }));

// livepatch kernel throughput: simulated events/s per thread on the reduced workload with N = 1000 users
// (nKthread = 0, no idle tasks), for the kgraft and livepatch models, against a C reference of the same
// kGraft event loop (bench/c/livepatch_reduced.c: same streams — Philox4x32-10 per (trial, kind, task) →
// xoshiro128** → ziggurat Exp(1) — same indexed heap), compiled here with gcc -O3 -march=native.
// JS and C rounds are interleaved and medians reported (the VM swings ±15–25 % between runs).
// Both print Σ tDone over the same trials: equal checksums show they simulate the same thing.
// Also: the per-stream Philox derivation cost on both sides (JS: one stream per call, and in blocks of 32 as the
// kernel derives them, WebAssembly SIMD), and µs/trial of the default mechanistic workload with all five models:
// this code on its defaults, this code on the previous edition's defaults, and — with MCX_BENCH_BASELINE_REF=<git
// ref> (e.g. the commit before the change) — that ref's @mcx/core on its own defaults, built into a temporary
// directory and timed in the same interleaved rounds ("before" vs "after", gate: at most 1.5× slower per trial).
// Build first: sh scripts/pnpm.sh exec tsc -b packages/core
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = new URL("../packages/core/dist/", import.meta.url);
if (!existsSync(new URL("sim/livepatch/index.js", dist))) {
  console.error("error[MCX_BENCH]: build @mcx/core first (sh scripts/pnpm.sh exec tsc -b packages/core)");
  process.exit(1);
}
const { livepatch } = await import(new URL("sim/livepatch/index.js", dist).href);
const { seedStream, seedStreams, setStreamState } = await import(new URL("rng/stream.js", dist).href);
const { createPhiloxRecords, philoxBackend } = await import(new URL("rng/philox-batch.js", dist).href);
const { Xoshiro128 } = await import(new URL("rng/xoshiro.js", dist).href);

const ROUNDS = Number(process.env.MCX_BENCH_REPS ?? 7);
const N = 1000;
const TRIALS = Number(process.env.MCX_BENCH_TRIALS ?? 4000);
const SEED = 1;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- C reference ----
const dir = mkdtempSync(join(tmpdir(), "mcx-bench-"));
const exe = join(dir, "livepatch_reduced");
const src = fileURLToPath(new URL("c/livepatch_reduced.c", import.meta.url));
try {
  execFileSync("gcc", ["-O3", "-march=native", "-o", exe, src, "-lm"], { stdio: ["ignore", "ignore", "pipe"] });
} catch (e) {
  console.error(`error[MCX_BENCH]: gcc failed: ${e.stderr ?? e.message}`);
  process.exit(1);
}
function runC(args) {
  const lines = execFileSync(exe, args.map(String), { encoding: "utf8" }).trim().split("\n");
  return lines.map((l) => JSON.parse(l));
}

// ---- JS kernel ----
const base = { workload: "reduced", nUser: N, nKthread: 0, idleTasks: false, deadline: null };
const configs = {
  kgraft: { params: base, models: ["kgraft"] },
  // Exit-driven hybrid: without reliable stacks every user switches at its first kernel exit, so a trial is N
  // heap events plus the attempts (with stack checks most users switch at the t = 0 attempt, without events).
  livepatch: { params: { ...base, livepatch: { reliableStacks: false } }, models: ["livepatch"] },
  "livepatch (stack checks, p = 0.01)": { params: base, models: ["livepatch"] },
};
const kernels = Object.fromEntries(
  Object.entries(configs).map(([name, c]) => [
    name,
    livepatch.createKernel(livepatch.params.parse(c.params), c.models),
  ]),
);
const out = new Float64Array(livepatch.metrics.length * 5);
function runJs(name, trials, trialOffset = 0) {
  const k = kernels[name];
  let checksum = 0;
  const e0 = k.events;
  const t0 = performance.now();
  for (let t = 0; t < trials; t++) {
    k.runTrial({ seed: SEED, point: 0, trial: t + trialOffset }, out);
    checksum += out[0];
  }
  const seconds = (performance.now() - t0) / 1000;
  return { eventsPerSec: (k.events - e0) / seconds, usPerTrial: (seconds * 1e6) / trials, checksum };
}

// Warm-up (JIT) on other trials than the measured ones.
for (const name of Object.keys(kernels)) runJs(name, 1500, 1_000_000);

const js = Object.fromEntries(Object.keys(kernels).map((n) => [n, []]));
const c = [];
let jsChecksum;
let cChecksum;
for (let round = 0; round < ROUNDS; round++) {
  for (const name of Object.keys(kernels)) {
    const r = runJs(name, TRIALS);
    js[name].push(r);
    if (name === "kgraft") jsChecksum = r.checksum;
  }
  const r = runC([N, TRIALS, SEED, 1])[0];
  c.push(r.eventsPerSec);
  cChecksum = r.checksum;
}

// ---- stream derivation (Philox4x32-10 per stream) in isolation ----
const g = new Xoshiro128();
let sink = 0;
const seeds = [];
for (let round = 0; round < ROUNDS; round++) {
  const n = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    seedStream(g, SEED, 0, i >>> 10, 0, i & 1023);
    sink += g.nextU32();
  }
  seeds.push(((performance.now() - t0) * 1e6) / n);
}
// The same streams derived as the kernel's StreamPool does: blocks of 32 consecutive task indices per call.
const records = createPhiloxRecords(1024);
const batchSeeds = [];
for (let round = 0; round < ROUNDS; round++) {
  const n = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 32) {
    seedStreams(records, i & 1023, SEED, 0, i >>> 10, 0, i & 1023, 32);
    for (let j = 0; j < 32; j++) {
      setStreamState(g, records.words, (i + j) & 1023);
      sink += g.nextU32();
    }
  }
  batchSeeds.push(((performance.now() - t0) * 1e6) / n);
}

// ---- default mechanistic workload, all five models: after, the previous edition's defaults, before ----
const all = ["immediate", "kpatch", "ksplice", "kgraft", "livepatch"];
// The previous edition's defaults written as this edition's parameters (§P "changed defaults").
const previousDefaults = {
  freezableKthreadShare: 0.5,
  mechanistic: { preset: "common", dstateSigma: 2 },
  stopMachine: { preemption: "full", perCpuPause: 0 },
  kgraft: { fakeSignal: false, nonFreezableShare: 0.5 },
  livepatch: { kernel: "5.16" },
};
const mechKernels = [
  ["after: this code, its defaults", livepatch.createKernel(livepatch.params.parse({}), all), livepatch],
  [
    "this code, the previous defaults",
    livepatch.createKernel(livepatch.params.parse(previousDefaults), all),
    livepatch,
  ],
];
const baselineRef = process.env.MCX_BENCH_BASELINE_REF;
let baselineDir;
if (baselineRef) {
  const base = await buildBaseline(baselineRef);
  baselineDir = base.dir;
  mechKernels.push([
    `before: ${baselineRef}, its defaults`,
    base.livepatch.createKernel(base.livepatch.params.parse({}), all),
    base.livepatch,
  ]);
}
const mechUs = mechKernels.map(() => []);
for (const [, kernel, sim] of mechKernels) {
  const o = new Float64Array(sim.metrics.length * all.length);
  for (let t = 0; t < 300; t++) kernel.runTrial({ seed: SEED, point: 0, trial: 1_000_000 + t }, o);
}
for (let round = 0; round < ROUNDS; round++) {
  mechKernels.forEach(([, kernel, sim], k) => {
    const o = new Float64Array(sim.metrics.length * all.length);
    const t0 = performance.now();
    for (let t = 0; t < 500; t++) kernel.runTrial({ seed: SEED, point: 0, trial: t }, o);
    mechUs[k].push(((performance.now() - t0) * 1000) / 500);
  });
}

/** Builds `ref`'s @mcx/core (git archive + tsc, this checkout's node_modules) and imports its livepatch. */
async function buildBaseline(ref) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const tmp = mkdtempSync(join(tmpdir(), "mcx-bench-base-"));
  const tar = join(tmp, "core.tar");
  execFileSync("git", ["-C", root, "archive", "-o", tar, ref, "packages/core", "tsconfig.base.json", "tsconfig.json"]);
  execFileSync("tar", ["-xf", tar, "-C", tmp]);
  symlinkSync(join(root, "node_modules"), join(tmp, "node_modules"));
  symlinkSync(join(root, "packages/core/node_modules"), join(tmp, "packages/core/node_modules"));
  execFileSync(join(root, "node_modules/.bin/tsc"), ["-b", join(tmp, "packages/core")], { stdio: "inherit" });
  const mod = await import(join(tmp, "packages/core/dist/sim/livepatch/index.js"));
  return { dir: tmp, livepatch: mod.livepatch };
}
const cEps = median(c);
for (const [name, rows] of Object.entries(js)) {
  console.log(
    JSON.stringify({
      name: `livepatch kernel JS ${name}, reduced N=${N}`,
      eventsPerSec: median(rows.map((r) => r.eventsPerSec)),
      usPerTrial: median(rows.map((r) => r.usPerTrial)),
      rounds: ROUNDS,
      trials: TRIALS,
    }),
  );
}
console.log(JSON.stringify({ name: `livepatch kernel C kgraft, reduced N=${N}`, eventsPerSec: cEps, rounds: ROUNDS }));
const jsSeedNs = median(seeds);
const cSeedNs = runC([0, 0, SEED, 0]).find((r) => r.seedNs !== undefined)?.seedNs;
console.log(
  JSON.stringify({
    name: "stream derivation (seedStream: Philox4x32-10 + xoshiro state), ns per stream",
    js: jsSeedNs,
    c: cSeedNs,
    note: "one per (trial, kind, task) used (§2.4); in the kgraft loop one per event",
  }),
);
console.log(
  JSON.stringify({
    name: "batched stream derivation (seedStreams, 32 streams per call, as the kernel), ns per stream",
    js: median(batchSeeds),
    backend: philoxBackend(),
  }),
);
mechKernels.forEach(([name], k) => {
  console.log(
    JSON.stringify({
      name: `default mechanistic workload, all five models — ${name}`,
      usPerTrial: median(mechUs[k]),
      trialsPerSec: 1e6 / median(mechUs[k]),
    }),
  );
});
if (baselineDir !== undefined) {
  const after = median(mechUs[0]);
  const before = median(mechUs[2]);
  console.log(
    JSON.stringify({
      name: "livepatch default workload trials/s, after vs before",
      ratio: before / after,
      gate: 1 / 1.5,
      usPerTrialAfter: after,
      usPerTrialBefore: before,
    }),
  );
  rmSync(baselineDir, { recursive: true, force: true });
}
rmSync(dir, { recursive: true, force: true });
if (jsChecksum !== cChecksum) {
  console.error(`error[MCX_BENCH]: JS and C disagree (Σ tDone ${jsChecksum} vs ${cChecksum})`);
  process.exit(1);
}
const jsEps = median(js.kgraft.map((r) => r.eventsPerSec));
console.log(
  JSON.stringify({
    name: "livepatch kernel JS/C events/s (kgraft, reduced N=1000)",
    ratio: jsEps / cEps,
    target: 0.85,
    gate: 0.78,
    jsEventsPerSec: jsEps,
    cEventsPerSec: cEps,
    checksum: jsChecksum,
  }),
);
if (sink === 0.5) console.log("");

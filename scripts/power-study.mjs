// Power study of `mcx compare` on aligned runs: a planted 1 % shift of a livepatch rate, and false flags.
//
//   node scripts/power-study.mjs [--seeds 100] [--trials 20000] [--json]      (build first)
//
// Workload: examples/exit-rate-shift.yaml, livepatch's reduced workload (Layer A, docs/livepatch-models.md §2.3) with
// the upstream `livepatch` model and 4 user threads that always sleep in the patched function, so every thread
// switches at its first kernel exit, an Exp(λ) time (§3.5: E[tLastSwitch] = H_4/λ).
// The planted shift is λ = 1 → 1.01 (kernel exits 1 % more often, every time 1/1.01 as long).
//   power:  per seed s, run a = (seed s, λ = 1) and b = (seed s, λ = 1.01), same trials: aligned runs, compared with
//           `compareResults(a, b, { match: "index" })` as `mcx compare --match index` does (paired batch tests), and
//           with `pairing: "independent"` for contrast. Detected = at least one significant comparison (BH, q ≤ 0.05).
//   false flags: per seed s, a against a run of the same spec with seed 10 000 + s (seed-only pairs of independent
//           runs, `mcx compare a.json b.json`): flagged = `differs` (a significant or an unmatched comparison).
import { readFile } from "node:fs/promises";

const dist = new URL("../packages/core/dist/index.js", import.meta.url);
const { parseSpecText, resolveSpec, runInline, compareResults } = await import(dist.href).catch(() => {
  console.error("error[MCX_STUDY]: build first (sh scripts/pnpm.sh run build)");
  process.exit(1);
});

const args = process.argv.slice(2);
const flag = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const SEEDS = flag("--seeds", 100);
const TRIALS = flag("--trials", 20_000);
const asJson = args.includes("--json");

// The workload and its closed form are described in examples/exit-rate-shift.yaml.
const example = await readFile(new URL("../examples/exit-rate-shift.yaml", import.meta.url), "utf8");
const base = parseSpecText(example, "examples/exit-rate-shift.yaml");
const spec = (seed, exitRate) =>
  resolveSpec({
    ...base,
    seed,
    trials: TRIALS,
    params: { ...base.params, reduced: { ...base.params.reduced, exitRate } },
  });

const t0 = Date.now();
let paired = 0;
let independent = 0;
let flagged = 0;
let aligned = 0;
const flags = [];
for (let s = 1; s <= SEEDS; s++) {
  const a = runInline(spec(s, 1));
  const b = runInline(spec(s, 1.01));
  const auto = compareResults(a, b, { match: "index" });
  if (auto.pairs.every((p) => (p.alignedBatches ?? 0) > 0)) aligned++;
  if (auto.significant.length > 0) paired++;
  if (compareResults(a, b, { match: "index", pairing: "independent" }).significant.length > 0) independent++;
  const other = compareResults(a, runInline(spec(10_000 + s, 1)));
  if (other.differs) {
    flagged++;
    flags.push({ seed: s, significant: other.significant.map((c) => `${c.metric} ${c.statistic}${c.quantile ?? ""}`) });
  }
}
const seconds = (Date.now() - t0) / 1000;
const result = {
  seeds: SEEDS,
  trials: TRIALS,
  alignedPairs: aligned / SEEDS,
  detectedPaired: paired / SEEDS,
  detectedIndependent: independent / SEEDS,
  falseFlags: flagged / SEEDS,
  flags,
  seconds,
};
if (asJson) console.log(JSON.stringify(result));
else {
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log(
    `planted 1 % shift of livepatch's kernel-exit rate λ (reduced workload), ${TRIALS} trials per run, ${SEEDS} seeds\n`,
  );
  console.log("| | share of seeds |\n|---|---|");
  console.log(`| runs aligned (paired batch tests used) | ${pct(result.alignedPairs)} |`);
  console.log(`| shift detected, aligned runs (mcx compare --match index) | ${pct(result.detectedPaired)} |`);
  console.log(`| shift detected, same runs with independent tests | ${pct(result.detectedIndependent)} |`);
  console.log(`| false flags, seed-only pairs of independent runs | ${pct(result.falseFlags)} |`);
  for (const f of flags) console.log(`  flagged: seed ${f.seed}: ${f.significant.join(", ") || "unmatched"}`);
  console.log(`\n${seconds.toFixed(0)} s`);
}

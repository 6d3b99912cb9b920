// Coverage study: how often mcx's reported intervals contain the true value, against closed forms.
//
//   node scripts/coverage-study.mjs [--replicates 2000] [--json]      (build first: sh scripts/pnpm.sh run build)
//
// Part 1, fixed trials: `rendezvous` (pause = max of nCpu iid Exp(rate) arrivals, packages/core/src/sim/rendezvous)
// at 100 and 1 000 trials, each replicate a run with its own seed. Closed forms (derived in the simulation's doc):
//   F(t) = (1 − e^{−rate·t})^n, so ξ_q = −ln(1 − q^{1/n})/rate and P(pause > t) = 1 − F(t);
//   E[pause] = H_n/rate (both models: antithetic variates keep the mean), so plain − antithetic has mean 0;
//   CVaR_q = ξ_q + (1/(1 − q)) ∫_{ξ_q}^∞ (1 − F) dx = ξ_q + Σ_{k=1..n} C(n,k)(−1)^{k+1} e^{−k·rate·ξ_q}/(k·rate(1 − q)).
// Part 2, adaptive stopping: `rendezvous` with nCpu = 1 (pause ~ Exp(1): skewed, mean 1) under stop.absHalfWidth with
// small minTrials and blocks, the default rule against `stop.method: sequential`, and a fixed-n run of the same size.
// A study, not a test (it takes minutes); a 5σ band of a binomial(R, 0.95) is printed with the table.
const dist = new URL("../packages/core/dist/index.js", import.meta.url);
const { resolveSpec, runInline, quantileRankInterval } = await import(dist.href).catch(() => {
  console.error("error[MCX_STUDY]: build first (sh scripts/pnpm.sh run build)");
  process.exit(1);
});

const args = process.argv.slice(2);
const R = Number(args[args.indexOf("--replicates") + 1] ?? 2000) || 2000;
const asJson = args.includes("--json");

const N_CPU = 8;
const RATE = 1000;
const cdf = (t) => (1 - Math.exp(-RATE * t)) ** N_CPU;
const quantile = (q) => -Math.log1p(-(q ** (1 / N_CPU))) / RATE;
const binom = (n, k) => (k === 0 ? 1 : (binom(n, k - 1) * (n - k + 1)) / k);
function cvar(q) {
  const xi = quantile(q);
  let tail = 0;
  for (let k = 1; k <= N_CPU; k++) tail += (binom(N_CPU, k) * (-1) ** (k + 1) * Math.exp(-k * RATE * xi)) / (k * RATE);
  return xi + tail / (1 - q);
}
let harmonic = 0;
for (let k = 1; k <= N_CPU; k++) harmonic += 1 / k;
const LATE = quantile(0.8); // P(late) = 0.2
const EXCEED = quantile(0.95); // P(pause > t) = 0.05

const covers = (ci, truth) => ci[0] <= truth && truth <= ci[1];

/** P(l ≤ B ≤ u − 1), B ~ Binomial(n, q): the exact coverage of [x_(l), x_(u)] for a continuous metric. */
function rankCoverage(q, n, [l, u]) {
  let logPmf = n * Math.log1p(-q); // P(B = 0)
  let total = 0;
  for (let k = 0; k <= n; k++) {
    if (k >= l && k <= u - 1) total += Math.exp(logPmf);
    logPmf += Math.log((n - k) / (k + 1)) + Math.log(q) - Math.log1p(-q);
  }
  return total;
}
const rows = [];

function fixedTrials(trials) {
  const checks = {
    "mean (Student t), plain": [0, (d) => d.plain.pause.ci, harmonic / RATE],
    "mean (Student t), antithetic": [0, (d) => d.antithetic.pause.ci, harmonic / RATE],
    "paired difference plain − antithetic": [0, (_d, p) => p.comparisons[0].ci, 0],
    "proportion late = 0.2 (Wilson)": [0, (d) => d.plain.late.ci, 1 - cdf(LATE)],
    "exceedance P(pause > ξ95) = 0.05 (Wilson)": [0, (d) => d.plain.pause.exceedance[0].ci, 1 - cdf(EXCEED)],
    "p50 (order statistics)": [0, (d) => d.plain.pause.quantileCi.p50, quantile(0.5)],
    "p90 (order statistics)": [0, (d) => d.plain.pause.quantileCi.p90, quantile(0.9)],
    "p99 (order statistics)": [0, (d) => d.plain.pause.quantileCi.p99, quantile(0.99)],
    "CVaR95 (Manistre–Hancock)": [0, (d) => d.plain.pause.cvar95Ci, cvar(0.95)],
    "CVaR99 (Manistre–Hancock)": [0, (d) => d.plain.pause.cvar99Ci, cvar(0.99)],
  };
  for (let r = 0; r < R; r++) {
    const doc = runInline(
      resolveSpec({
        name: "coverage",
        simulation: "rendezvous",
        seed: 1_000_000 + r,
        trials,
        blockTrials: 50,
        params: { nCpu: N_CPU, rate: RATE, threshold: LATE },
        thresholds: { pause: [EXCEED] },
      }),
    );
    const point = doc.points[0];
    const models = { plain: point.models.plain.metrics, antithetic: point.models.antithetic.metrics };
    for (const check of Object.values(checks)) if (covers(check[1](models, point), check[2])) check[0]++;
  }
  for (const [name, [hits]] of Object.entries(checks))
    rows.push({ part: "fixed", statistic: name, trials, coverage: hits / R });
}

function stopped(method) {
  let hits = 0;
  let bias = 0;
  let trials = 0;
  for (let r = 0; r < R; r++) {
    const doc = runInline(
      resolveSpec({
        name: "stopping",
        simulation: "rendezvous",
        models: ["plain"],
        seed: 2_000_000 + r,
        trials: 100_000,
        blockTrials: 5,
        stop: { metrics: ["pause"], absHalfWidth: 0.2, minTrials: 10, ...(method === "default" ? {} : { method }) },
        params: { nCpu: 1, rate: 1 },
      }),
    );
    const m = doc.points[0].models.plain.metrics.pause;
    if (covers(m.ci, 1)) hits++;
    bias += m.mean - 1;
    trials += doc.points[0].trials;
  }
  return { coverage: hits / R, bias: bias / R, trials: trials / R };
}

function fixedOfSize(trials) {
  let hits = 0;
  for (let r = 0; r < R; r++) {
    const doc = runInline(
      resolveSpec({
        name: "fixed",
        simulation: "rendezvous",
        models: ["plain"],
        seed: 3_000_000 + r,
        trials,
        blockTrials: 5,
        params: { nCpu: 1, rate: 1 },
      }),
    );
    if (covers(doc.points[0].models.plain.metrics.pause.ci, 1)) hits++;
  }
  return hits / R;
}

const t0 = Date.now();
for (const trials of [100, 1000]) fixedTrials(trials);
const plain = stopped("default");
const sequential = stopped("sequential");
const fixed = fixedOfSize(Math.round(plain.trials));
const seconds = (Date.now() - t0) / 1000;
const sigma = Math.sqrt((0.95 * 0.05) / R);
const band = [0.95 - 5 * sigma, 0.95 + 5 * sigma];

if (asJson) {
  console.log(JSON.stringify({ replicates: R, seconds, band, rows, stopping: { plain, sequential, fixed } }));
} else {
  const pct = (x) => x.toFixed(3);
  console.log(
    `coverage of nominal 95 % intervals, ${R} replicates each (5σ band of binomial(${R}, 0.95): ${pct(band[0])}–${pct(band[1])})`,
  );
  console.log("\n| statistic | 100 trials | 1 000 trials |\n|---|---|---|");
  for (const name of [...new Set(rows.map((r) => r.statistic))]) {
    const at = (n) => pct(rows.find((r) => r.statistic === name && r.trials === n).coverage);
    console.log(`| ${name} | ${at(100)} | ${at(1000)} |`);
  }
  console.log("\nexact coverage of the rank interval [x_(l), x_(u)] before it is widened to the sketch's buckets\n");
  console.log("| quantile | 100 trials | 1 000 trials |\n|---|---|---|");
  for (const q of [0.5, 0.9, 0.99]) {
    const at = (n) => pct(rankCoverage(q, n, quantileRankInterval(q, n, 0.95)));
    console.log(`| p${Math.round(q * 100)} | ${at(100)} | ${at(1000)} |`);
  }
  console.log(
    "\nadaptive stopping, Exp(1) metric, stop.absHalfWidth 0.2, minTrials 10, blockTrials 5 (true mean 1)\n\n| rule | coverage | mean bias | mean trials |\n|---|---|---|---|",
  );
  const line = (name, s) =>
    `| ${name} | ${pct(s.coverage)} | ${(100 * s.bias).toFixed(1)} % | ${Math.round(s.trials)} |`;
  console.log(line("default (fixed-n interval)", plain));
  console.log(line("stop.method: sequential", sequential));
  console.log(
    `| fixed n = ${Math.round(plain.trials)} (no stopping) | ${pct(fixed)} | — | ${Math.round(plain.trials)} |`,
  );
  console.log(`\n${seconds.toFixed(0)} s`);
}

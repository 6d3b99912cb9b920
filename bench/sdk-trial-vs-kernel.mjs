// A `trial`-style user simulation against the same computation written as a `createKernel` typed-array kernel,
// both through @mcx/sdk and core's engine (runInline) on the main thread, interleaved, REPS reps (issue 10: target
// ratio ≥ 0.7). The two must give the same digest: a kernel seeded by createTrialRng draws the numbers a trial
// sees. Part of `pnpm bench`; needs `pnpm build`.
//
// Workloads: `mm1` (the headline) is Lindley's recursion over 100 customers, two Exp draws each, two models under
// common random numbers; `pi` (the worst case for the adapter) is two uniforms per trial, so the per-trial cost
// of the adapter (rng restart per model, guard, result object) is most of the time. Also printed: the cost of
// putting the determinism guard in place and taking it away (one pair per trial).
import { resolveSpec, runInline } from "../packages/core/dist/index.js";
import { enterTrial, leaveTrial } from "../packages/sdk/dist/guard.js";
import { createTrialRng, defineSimulation, z } from "../packages/sdk/dist/index.js";

const REPS = Number(process.env.MCX_BENCH_REPS ?? 9);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const mm1Params = z.object({
  lambda: z.number().positive().default(0.8),
  mu: z.number().positive().default(1),
  customers: z.int().min(1).default(100),
});
const mm1Models = ["fifo", "antithetic"];
const mm1Metrics = { wait: { kind: "continuous", unit: "s" }, long: { kind: "proportion" } };

// Wait of the last customer; `antithetic` averages the waits of the draws and their mirrors (u → 1 − u).
function mm1Wait(rng, { lambda, mu, customers }, mirrored) {
  let w = 0;
  let m = 0;
  for (let i = 1; i < customers; i++) {
    const us = rng.uniform();
    const ua = rng.uniform();
    w = Math.max(0, w - Math.log1p(-us) / mu + Math.log1p(-ua) / lambda);
    if (mirrored)
      m = Math.max(0, m - Math.log(us || Number.MIN_VALUE) / mu + Math.log(ua || Number.MIN_VALUE) / lambda);
  }
  return mirrored ? 0.5 * (w + m) : w;
}
// Each simulation gets its own compiled copy, so that neither runs on type feedback the other polluted (the trial
// passes frozen params, whose hidden class differs).
const ownCopy = (f) => new Function(`return ${f.toString()}`)();
const mm1WaitOfTrial = ownCopy(mm1Wait);
const mm1WaitOfKernel = ownCopy(mm1Wait);

const mm1Trial = defineSimulation({
  name: "bench-mm1-trial",
  params: mm1Params,
  models: mm1Models,
  metrics: mm1Metrics,
  trial({ rng, params, model }) {
    const wait = mm1WaitOfTrial(rng, params, model === "antithetic");
    return { wait, long: wait > 5 };
  },
});

const mm1Kernel = defineSimulation({
  name: "bench-mm1-kernel",
  params: mm1Params,
  models: mm1Models,
  metrics: mm1Metrics,
  createKernel(params, models) {
    const rng = createTrialRng();
    const mirrored = models.map((m) => m === "antithetic");
    let events = 0;
    return {
      get events() {
        return events;
      },
      runTrial(address, out) {
        for (let slot = 0; slot < models.length; slot++) {
          rng.seed(address);
          const wait = mm1WaitOfKernel(rng, params, mirrored[slot]);
          out[slot * 2] = wait;
          out[slot * 2 + 1] = wait > 5 ? 1 : 0;
        }
        events += models.length;
      },
    };
  },
});

const piMetrics = { inside: { kind: "proportion" }, estimate: { kind: "continuous" } };
const piTrial = defineSimulation({
  name: "bench-pi-trial",
  params: z.object({}),
  models: ["hit"],
  metrics: piMetrics,
  trial({ rng }) {
    const x = rng.uniform();
    const y = rng.uniform();
    const inside = x * x + y * y < 1;
    return { inside, estimate: inside ? 4 : 0 };
  },
});
const piKernel = defineSimulation({
  name: "bench-pi-kernel",
  params: z.object({}),
  models: ["hit"],
  metrics: piMetrics,
  createKernel() {
    const rng = createTrialRng();
    let events = 0;
    return {
      get events() {
        return events;
      },
      runTrial(address, out) {
        rng.seed(address);
        const x = rng.uniform();
        const y = rng.uniform();
        const inside = x * x + y * y < 1;
        out[0] = inside ? 1 : 0;
        out[1] = inside ? 4 : 0;
        events++;
      },
    };
  },
});

function trialsPerSecond(sim, trials) {
  const spec = resolveSpec({ name: "bench", simulation: sim.name, trials, seed: 7 }, { simulation: sim });
  const t0 = performance.now();
  const doc = runInline(spec, { simulation: sim, shardTrials: 10_000 });
  return { rate: trials / ((performance.now() - t0) / 1000), digest: doc.digest };
}

// Per rep, the two run back to back (in alternating order) and their ratio is kept: the median of the per-rep ratios
// is robust to the load of a shared machine drifting between reps.
function compare(name, trialSim, kernelSim, trials) {
  const rates = { trial: [], kernel: [] };
  const ratios = [];
  const digests = new Set();
  trialsPerSecond(trialSim, trials / 10); // warm-up
  trialsPerSecond(kernelSim, trials / 10);
  for (let rep = 0; rep < REPS; rep++) {
    const order = rep % 2 === 0 ? ["trial", "kernel"] : ["kernel", "trial"];
    const r = {};
    for (const k of order) {
      r[k] = trialsPerSecond(k === "trial" ? trialSim : kernelSim, trials);
      rates[k].push(r[k].rate);
      digests.add(r[k].digest);
    }
    ratios.push(r.trial.rate / r.kernel.rate);
  }
  if (digests.size !== 1) throw new Error(`${name}: trial and kernel digests differ: ${[...digests].join(", ")}`);
  return { trial: median(rates.trial), kernel: median(rates.kernel), ratio: median(ratios) };
}

function guardPairNs() {
  const n = 2_000_000;
  for (let i = 0; i < n / 10; i++) {
    enterTrial();
    leaveTrial();
  }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    enterTrial();
    leaveTrial();
  }
  return ((performance.now() - t0) * 1e6) / n;
}

const mm1 = compare("mm1", mm1Trial, mm1Kernel, 60_000);
const pi = compare("pi", piTrial, piKernel, 1_000_000);
const guardNs = median(Array.from({ length: REPS }, guardPairNs));
console.log(
  JSON.stringify({
    bench: "sdk-trial-vs-kernel",
    mm1TrialsPerSec: { trial: Math.round(mm1.trial), kernel: Math.round(mm1.kernel) },
    piTrialsPerSec: { trial: Math.round(pi.trial), kernel: Math.round(pi.kernel) },
    guardEnterLeaveNs: Number(guardNs.toFixed(1)),
    reps: REPS,
  }),
);
console.log(JSON.stringify({ name: "sdk trial vs createKernel (mm1, 100 customers)", ratio: mm1.ratio, target: 0.7 }));
console.log(JSON.stringify({ name: "sdk trial vs createKernel (pi, 2 uniforms)", ratio: pi.ratio }));

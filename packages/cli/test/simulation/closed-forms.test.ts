import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { isModulePath, type MetricResult, parseSpecText, type ResultDocument, resolveSpec, runInline } from "@mcx/core";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modulePathOf, type PreparedSimulation, prepareSimulation } from "../../src/simulation/index.ts";
import { assertBuilt, createWorkDir } from "../helpers/cli.ts";

// Each example is bundled, loaded from the bundle store and run through core's engine in-process, as its spec
// says, and checked against its closed form. Every check is two-sided at 5σ: for a correct simulation and a seed
// drawn at random it fails with probability 5.7e-7 (normal approximation of a mean of ≥ 10⁴ trials); the 18 checks
// below together at most 1.1e-5. σ is the closed-form standard deviation where one is derived here, else the
// run's standard error (estimated from ≥ 10⁴ trials, so within a few per cent of σ).

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const Z = 5;
let work: ReturnType<typeof createWorkDir>;

interface Example {
  readonly raw: Record<string, unknown>;
  readonly prepared: PreparedSimulation;
  readonly doc: ResultDocument;
}

async function runExample(name: string): Promise<Example> {
  const specFile = join(examples, name, `${name}.yaml`);
  const raw = parseSpecText(readFileSync(specFile, "utf8"), specFile) as Record<string, unknown>;
  const simulation = String(raw.simulation);
  expect(isModulePath(simulation)).toBe(true);
  const prepared = await prepareSimulation(modulePathOf(specFile, simulation), join(work.dir, "store"));
  const doc = runInline(resolveSpec(raw, { simulation: prepared.simulation }), { simulation: prepared.simulation });
  return { raw, prepared, doc };
}

function metric(doc: ResultDocument, model: string, name: string): MetricResult {
  return doc.points[0]!.models[model]!.metrics[name]!;
}

/**
 * |estimate − exact| in units of σ/√n (σ = `sd`, else the run's se), less `bias`: a bound on how far the simulated
 * quantity may be from the closed form (0 when the closed form is exact).
 */
function zOfMean(m: MetricResult, exact: number, options: { readonly sd?: number; readonly bias?: number } = {}) {
  if (m.kind !== "continuous") throw new Error("not a continuous metric");
  const se = options.sd === undefined ? m.se : options.sd / Math.sqrt(m.n);
  return Math.max(0, Math.abs(m.mean - exact) - (options.bias ?? 0)) / se;
}

function zOfProportion(m: MetricResult, p: number, bias = 0): number {
  if (m.kind !== "proportion") throw new Error("not a proportion");
  return Math.max(0, Math.abs(m.p - p) - bias) / Math.sqrt((p * (1 - p)) / m.n);
}

/** Every paired comparison's mean difference is 0 (all models are unbiased): |meanDiff| in units of its se. */
function comparisonZs(doc: ResultDocument): number[] {
  return doc.points[0]!.comparisons.map((c) => Math.abs(c.meanDiff) / (c.sd / Math.sqrt(c.n)));
}

function sdOf(m: MetricResult): number {
  if (m.kind !== "continuous") throw new Error("not a continuous metric");
  return m.sd;
}

/** The digest of the same spec run in a worker thread of plain Node from the stored bundle, with other shards. */
function digestInThread(e: Example, shardTrials: number): Promise<string> {
  const worker = new Worker(new URL("./helpers/run-in-thread.mjs", import.meta.url), {
    // Not the test runner's flags (its source conditions would resolve packages to TypeScript): what mcx runs.
    execArgv: [],
    workerData: { file: e.prepared.file, hash: e.prepared.hash, raw: e.raw, shardTrials },
  });
  return new Promise((resolve, reject) => {
    worker.once("message", (m: { digest: string }) => resolve(m.digest));
    worker.once("error", reject);
  }).finally(() => worker.terminate()) as Promise<string>;
}

beforeAll(() => {
  assertBuilt();
  work = createWorkDir();
});
afterAll(() => work.cleanup());

describe("examples/pi: three estimators of π under common random numbers", () => {
  // Derivations in docs/simulations.md. The lens where both (x, y) and (1 − x, 1 − y) are in the quarter disc has
  // area π/2 − 1 (two unit discs at distance √2).
  const variance = { hit: Math.PI * (4 - Math.PI), antithetic: 6 * Math.PI - Math.PI ** 2 - 8 };
  const controlVariance = variance.hit + (8 / 45) * 9 - Math.PI; // c = 3
  let e: Example;
  beforeAll(async () => {
    e = await runExample("pi");
  });

  it("every model's mean is π (5σ, closed-form σ)", () => {
    const sd = { hit: variance.hit, antithetic: variance.antithetic, control: controlVariance };
    for (const [model, v] of Object.entries(sd)) {
      expect(zOfMean(metric(e.doc, model, "estimate"), Math.PI, { sd: Math.sqrt(v) })).toBeLessThan(Z);
    }
  });

  it("the trial's point is in the quarter disc with probability π/4 (5σ)", () => {
    expect(zOfProportion(metric(e.doc, "hit", "inside"), Math.PI / 4)).toBeLessThan(Z);
  });

  it("paired differences are 0 (5σ; hit − antithetic with its closed-form variance 8 − 2π)", () => {
    const hitAnti = e.doc.points[0]!.comparisons.find((c) => c.a === "hit" && c.b === "antithetic")!;
    expect(Math.abs(hitAnti.meanDiff) / Math.sqrt((8 - 2 * Math.PI) / hitAnti.n)).toBeLessThan(Z);
    for (const z of comparisonZs(e.doc)) expect(z).toBeLessThan(Z);
  });

  it("antithetic and control variates reduce the variance (closed forms 0.98 and 1.16 against 2.70)", () => {
    expect(sdOf(metric(e.doc, "antithetic", "estimate"))).toBeLessThan(sdOf(metric(e.doc, "hit", "estimate")));
    expect(sdOf(metric(e.doc, "control", "estimate"))).toBeLessThan(sdOf(metric(e.doc, "hit", "estimate")));
  });

  it("a worker thread loading the stored bundle, with other shards, gives the same digest", async () => {
    expect(await digestInThread(e, 7_000)).toBe(e.doc.digest);
  });
});

describe("examples/mm1: wait of customer 1000 against the M/M/1 steady state", () => {
  // lambda 0.8, mu 1: rho = 0.8; steady-state E[W] = rho/(mu − lambda) = 4 s, sd √(rho(2 − rho))/(mu − lambda) = √24,
  // P(W > 0) = rho (Kleinrock 1975, §3.2). Customer 1000 is that close to steady state (docs/simulations.md, by
  // Spitzer's identity and a Chernoff bound): E[W] − E[W_1000] < 3.3e-6, P(W > 0) − P(W_1000 > 0) < 3.3e-4, both
  // allowed for as bias (they are < 0.1σ).
  let e: Example;
  beforeAll(async () => {
    e = await runExample("mm1");
  });

  it("the plain recursion's mean wait is 4 s (5σ, closed-form σ)", () => {
    expect(zOfMean(metric(e.doc, "fifo", "wait"), 4, { sd: Math.sqrt(24), bias: 3.3e-6 })).toBeLessThan(Z);
  });

  it("the antithetic model's mean wait is 4 s (5σ)", () => {
    expect(zOfMean(metric(e.doc, "antithetic", "wait"), 4, { bias: 3.3e-6 })).toBeLessThan(Z);
  });

  it("customer 1000 waits at all with probability rho = 0.8 (5σ)", () => {
    expect(zOfProportion(metric(e.doc, "fifo", "delayed"), 0.8, 3.3e-4)).toBeLessThan(Z);
  });

  it("the paired difference of the two models is 0 (5σ), with a smaller variance for the antithetic one", () => {
    for (const z of comparisonZs(e.doc)) expect(z).toBeLessThan(Z);
    expect(sdOf(metric(e.doc, "antithetic", "wait"))).toBeLessThan(sdOf(metric(e.doc, "fifo", "wait")));
  });

  it("a worker thread loading the stored bundle, with other shards, gives the same digest", async () => {
    expect(await digestInThread(e, 2_500)).toBe(e.doc.digest);
  });
});

describe("examples/option: a European call against Black–Scholes", () => {
  // S0 = K = 100, r = 0.05, sigma = 0.2, T = 1 (the example's defaults).
  const [spot, strike, rate, sigma, maturity] = [100, 100, 0.05, 0.2, 1];
  const d1 = (Math.log(spot / strike) + (rate + sigma ** 2 / 2) * maturity) / (sigma * Math.sqrt(maturity));
  const d2 = d1 - sigma * Math.sqrt(maturity);
  const N = (x: number) => normalCdf(x, 0, 1);
  const price = spot * N(d1) - strike * Math.exp(-rate * maturity) * N(d2);
  let e: Example;
  beforeAll(async () => {
    e = await runExample("option");
  });

  it("the closed form computed here agrees with an independent evaluation", () => {
    // Python 3: S0·Φ(d1) − K·e^{−rT}·Φ(d2) with Φ(x) = (1 + math.erf(x/√2))/2 gives 10.450583572185565.
    expect(price).toBeCloseTo(10.450583572185565, 10);
  });

  it.each(["plain", "antithetic", "control"])("%s prices the call at the Black–Scholes value (5σ)", (model) => {
    expect(zOfMean(metric(e.doc, model, "price"), price)).toBeLessThan(Z);
  });

  it("the path ends in the money with probability N(d2) (5σ)", () => {
    expect(zOfProportion(metric(e.doc, "plain", "inTheMoney"), N(d2))).toBeLessThan(Z);
  });

  it("paired differences are 0 (5σ) and both variance reductions reduce the variance", () => {
    for (const z of comparisonZs(e.doc)) expect(z).toBeLessThan(Z);
    expect(sdOf(metric(e.doc, "antithetic", "price"))).toBeLessThan(sdOf(metric(e.doc, "plain", "price")));
    expect(sdOf(metric(e.doc, "control", "price"))).toBeLessThan(sdOf(metric(e.doc, "plain", "price")));
  });

  it("a worker thread loading the stored bundle, with other shards, gives the same digest", async () => {
    expect(await digestInThread(e, 30_000)).toBe(e.doc.digest);
  });
});

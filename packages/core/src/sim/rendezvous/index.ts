import { z } from "zod";
import { seedStream } from "../../rng/stream.ts";
import { Xoshiro128 } from "../../rng/xoshiro.ts";
import type { Simulation, TrialAddress, TrialKernel } from "../types.ts";

/**
 * `rendezvous`: the stop_machine rendezvous as a small simulation with exact answers, used to test the engine
 * end to end against closed forms rather than against itself.
 *
 * Each of `nCpu` CPUs reaches the stopper after an independent Exp(rate) delay; the machine is stopped when the
 * last one arrives, so `pause` = max of nCpu iid Exp(rate):
 *   E[pause] = H_n / rate, Var[pause] = Σ_{k=1..n} 1/k² / rate², P(pause ≤ t) = (1 − e^{−rate·t})^n.
 * Model `plain` draws delays by inversion; model `antithetic` averages the pause of the uniforms U and of 1 − U
 * (a classic variance-reduction estimator with the same mean). Both read the same uniforms (common random numbers).
 */
export const RendezvousParams = z.strictObject({
  nCpu: z.int().min(1).max(4096).default(32).meta({ description: "CPUs that must reach the stopper" }),
  rate: z.number().positive().max(1e9).default(1000).meta({ description: "arrival rate per CPU (1/s)" }),
  threshold: z.number().nonnegative().default(0.005).meta({ description: "pause that counts as late (s)" }),
});
export type RendezvousParams = z.infer<typeof RendezvousParams>;

const METRICS = [
  { name: "pause", kind: "continuous", unit: "s", description: "time until the last CPU arrives", better: "lower" },
  { name: "late", kind: "proportion", unit: "", description: "pause > threshold", better: "lower" },
] as const;
const PAUSE = 0;
const LATE = 1;
/** Stream kind of the per-CPU arrival uniforms. */
const ARRIVAL_STREAM = 0;

function createRendezvousKernel(params: RendezvousParams, models: readonly string[]): TrialKernel {
  const { nCpu, rate, threshold } = params;
  const antithetic = models.map((m) => m === "antithetic");
  const rng = new Xoshiro128();
  const uniforms = new Float64Array(nCpu);
  const stride = METRICS.length;
  let events = 0;
  return {
    get events() {
      return events;
    },
    runTrial(address: TrialAddress, out: Float64Array): void {
      seedStream(rng, address.seed, address.point, address.trial, ARRIVAL_STREAM, 0);
      let maxPlain = 0;
      let maxMirror = 0;
      for (let i = 0; i < nCpu; i++) {
        const u = rng.nextDouble();
        uniforms[i] = u;
        const plain = -Math.log1p(-u) / rate;
        const mirror = -Math.log(u === 0 ? Number.MIN_VALUE : u) / rate;
        if (plain > maxPlain) maxPlain = plain;
        if (mirror > maxMirror) maxMirror = mirror;
      }
      events += nCpu;
      for (let slot = 0; slot < models.length; slot++) {
        const pause = antithetic[slot] ? 0.5 * (maxPlain + maxMirror) : maxPlain;
        out[slot * stride + PAUSE] = pause;
        out[slot * stride + LATE] = pause > threshold ? 1 : 0;
      }
    },
  };
}

export const rendezvous: Simulation<RendezvousParams> = {
  name: "rendezvous",
  description: "stop_machine rendezvous: pause = max of nCpu Exp(rate) arrivals (exact closed forms; engine tests)",
  params: RendezvousParams,
  models: [
    { name: "plain", description: "delays by inversion of independent uniforms", metrics: ["pause", "late"] },
    { name: "antithetic", description: "mean of the pauses of U and 1 − U (antithetic variates)", metrics: ["pause"] },
  ],
  metrics: METRICS,
  comparisonMetrics: ["pause"],
  createKernel: createRendezvousKernel,
};

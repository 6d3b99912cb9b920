// M/M/1 queue, first-come first-served, starting empty: the wait in queue of customer n by Lindley's recursion
//   W₁ = 0,  W_{k+1} = max(0, W_k + S_k − A_{k+1}),  S ~ Exp(mu) services, A ~ Exp(lambda) interarrival times.
// For rho = lambda / mu < 1 and large n, W_n is close to the steady-state wait W, with (Kleinrock, Queueing Systems
// Vol. 1, 1975, §3.2) P(W > t) = rho·e^{−(mu − lambda)t}, so E[W] = rho / (mu − lambda) and P(W > 0) = rho.
// How close: docs/simulations.md bounds E[W] − E[W_n] by Spitzer's identity (below 4e-6 for the defaults).
import { defineSimulation, z } from "@mcx/sdk";

export default defineSimulation({
  name: "mm1",
  description: "M/M/1 queue: wait in queue of customer n by Lindley's recursion, plain and antithetic",
  params: z.object({
    lambda: z.number().positive().default(0.8).meta({ description: "arrival rate (1/s)" }),
    mu: z.number().positive().default(1).meta({ description: "service rate (1/s)" }),
    customers: z.int().min(1).max(1_000_000).default(1000).meta({ description: "n: the customer whose wait counts" }),
  }),
  models: [
    { name: "fifo", description: "Lindley's recursion on the trial's services and interarrival times" },
    { name: "antithetic", description: "mean of the waits on those draws and on their mirrors u → 1 − u" },
  ],
  metrics: {
    wait: { kind: "continuous", unit: "s", description: "wait in queue of customer n" },
    delayed: { kind: "proportion", description: "customer n waits at all, on the trial's own path (shared)" },
  },
  trial({ rng, params, model }) {
    const { lambda, mu, customers } = params;
    let wait = 0;
    let mirror = 0;
    for (let k = 1; k < customers; k++) {
      const us = rng.uniform();
      const ua = rng.uniform();
      // Inversion: S = −ln(1 − u)/mu; the mirror uses 1 − u, so S' = −ln(u)/mu (u = 0 has probability 2^-53).
      wait = Math.max(0, wait - Math.log1p(-us) / mu + Math.log1p(-ua) / lambda);
      if (model === "antithetic") mirror = Math.max(0, mirror - Math.log(us) / mu + Math.log(ua) / lambda);
    }
    return { wait: model === "antithetic" ? 0.5 * (wait + mirror) : wait, delayed: wait > 0 };
  },
});

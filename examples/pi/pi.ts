// π by Monte Carlo: three estimators of the same quantity, compared under common random numbers (every model of a
// trial reads the same point (x, y), uniform in the unit square). Closed forms (derivations in docs/simulations.md):
//   hit-or-miss   4·1{x² + y² < 1}                       mean π, variance π(4 − π) ≈ 2.697
//   antithetic    2·(1{x² + y² < 1} + 1{(1−x)² + (1−y)² < 1})   mean π, variance 6π − π² − 8 ≈ 0.980
//   control       4·1{x² + y² < 1} + c·(x² + y² − 2/3)    mean π (E[x² + y²] = 2/3), variance π(4 − π) + (8/45)c² − (π/3)c
// With c = 3 (close to the optimal 15π/16) the control variate's variance is ≈ 1.155.
import { defineSimulation, z } from "@mcx/sdk";

const inside = (x: number, y: number): boolean => x * x + y * y < 1;

export default defineSimulation({
  name: "pi",
  description: "π from points in the unit square: hit-or-miss, antithetic and control-variate estimators",
  params: z.object({
    c: z.number().default(3).meta({ description: "coefficient of the control x² + y² (any value is unbiased)" }),
  }),
  models: [
    { name: "hit", description: "hit-or-miss: 4 if the point is in the quarter disc, else 0" },
    { name: "antithetic", description: "mean of hit-or-miss at (x, y) and at (1 − x, 1 − y)" },
    { name: "control", description: "hit-or-miss plus c·(x² + y² − 2/3), a control variate of known mean" },
  ],
  metrics: {
    estimate: { kind: "continuous", description: "the model's estimate of π from one trial" },
    inside: { kind: "proportion", description: "the trial's point is in the quarter disc (shared by all models)" },
  },
  trial({ rng, params, model }) {
    const x = rng.uniform();
    const y = rng.uniform();
    const hit = inside(x, y);
    let estimate = hit ? 4 : 0;
    if (model === "antithetic") estimate = 2 * ((hit ? 1 : 0) + (inside(1 - x, 1 - y) ? 1 : 0));
    if (model === "control") estimate += params.c * (x * x + y * y - 2 / 3);
    return { estimate, inside: hit };
  },
});

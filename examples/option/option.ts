// European call under Black–Scholes, priced by Monte Carlo three ways under common random numbers (every model of
// a trial reads the same normal Z). The terminal price is exact, S_T = S0·exp((r − sigma²/2)T + sigma·√T·Z), and
// the discounted payoff e^{−rT}(S_T − K)⁺ has mean the Black–Scholes price (Black & Scholes 1973; Hull, Options,
// Futures, and Other Derivatives, ch. "The Black–Scholes–Merton model"):
//   C = S0·N(d1) − K·e^{−rT}·N(d2),  d1 = (ln(S0/K) + (r + sigma²/2)T) / (sigma·√T),  d2 = d1 − sigma·√T.
// plain: the discounted payoff. antithetic: the mean of the payoffs at Z and −Z. control: the payoff minus
// beta·(e^{−rT}S_T − S0), whose mean is 0 because the discounted price is a martingale.
import { defineSimulation, z } from "@mcx/sdk";

export default defineSimulation({
  name: "option",
  description: "European call under Black–Scholes: plain, antithetic and control-variate Monte Carlo",
  params: z.object({
    spot: z.number().positive().default(100).meta({ description: "S0, the price today" }),
    strike: z.number().positive().default(100).meta({ description: "K" }),
    rate: z.number().default(0.05).meta({ description: "r, the continuously compounded risk-free rate (1/year)" }),
    volatility: z.number().positive().default(0.2).meta({ description: "sigma (1/√year)" }),
    maturity: z.number().positive().default(1).meta({ description: "T (years)" }),
    beta: z
      .number()
      .default(0.67)
      .meta({ description: "coefficient of the control (any value is unbiased; ≈ optimal for the defaults)" }),
  }),
  models: [
    { name: "plain", description: "discounted payoff of one path" },
    { name: "antithetic", description: "mean of the discounted payoffs at Z and −Z" },
    { name: "control", description: "discounted payoff minus beta·(discounted S_T − S0)" },
  ],
  metrics: {
    price: { kind: "continuous", description: "the model's estimate of the call price from one trial" },
    inTheMoney: { kind: "proportion", description: "S_T > K on the trial's path (shared by all models)" },
  },
  trial({ rng, params, model }) {
    const { spot, strike, rate, volatility, maturity, beta } = params;
    const drift = (rate - 0.5 * volatility * volatility) * maturity;
    const diffusion = volatility * Math.sqrt(maturity);
    const discount = Math.exp(-rate * maturity);
    const z = rng.normal();
    const terminal = spot * Math.exp(drift + diffusion * z);
    const payoff = discount * Math.max(terminal - strike, 0);
    let price = payoff;
    if (model === "antithetic") {
      price = 0.5 * (payoff + discount * Math.max(spot * Math.exp(drift - diffusion * z) - strike, 0));
    }
    if (model === "control") price = payoff - beta * (discount * terminal - spot);
    return { price, inTheMoney: terminal > strike };
  },
});

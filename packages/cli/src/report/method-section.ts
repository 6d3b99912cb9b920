import type { Context } from "./context.ts";
import { esc } from "./svg.ts";

export function methodSection(ctx: Context): string {
  return `<section id="method"><h2>Method</h2><ul class="notes">
<li>Means have Student-t intervals; proportions Wilson score intervals, plus the exact one-sided upper bound when no event was seen; all at ${esc(ctx.level)}.</li>
<li>Continuous metrics summarise the finite values; non-finite ones (a transition that never completed) are counted apart and put the CDF's ceiling below 100 %.</li>
<li>The CDF curves join the reported minimum, quantiles (p50, p90, p99) and maximum (quantiles from a mergeable sketch with bounded relative error); between those knots the curve is an interpolation, not data. Exceedance points are exact counts.</li>
<li>VaR is the upper quantile at 95 %/99 %; CVaR (expected shortfall) is the mean of the values beyond it.</li>
<li>Convergence bands are estimate ± half-width at each checkpoint of the trial prefix; the half-width should shrink like 1/√n (slope −½ on log–log axes).</li>
</ul></section>`;
}

import { type Context, paramsText } from "./context.ts";
import { esc } from "./svg.ts";
import { fixed } from "./units.ts";

/** Fleet sizes of the section: a rack, a data centre, a large fleet. */
export const FLEET_SIZES = [10, 1000, 100_000] as const;
/** Rows shown at most (points × models); the rest are counted in a note. */
const MAX_ROWS = 60;

/**
 * P(all n independent machines succeed) from one machine's success probability p and its interval [lo, hi]:
 * p^n, with the interval [lo^n, hi^n] (x ↦ x^n is increasing, so the bounds map to bounds at the same level).
 */
export function fleetProbability(p: number, ci: readonly [number, number], n: number): [number, number, number] {
  return [p ** n, ci[0] ** n, ci[1] ** n];
}

/** A probability in [0, 1] for a table cell: percent down to 0.01 %, then powers of ten, 0 and 1 exact. */
export function fleetText(x: number): string {
  if (x === 0 || x === 1) return String(x);
  if (x >= 1e-4) return `${fixed(x * 100, x >= 0.1 ? 1 : 3)} %`;
  const e = Math.floor(Math.log10(x));
  return `${fixed(x / 10 ** e, 1)}e${e}`;
}

function cell(p: number, ci: readonly [number, number], n: number): string {
  const [est, lo, hi] = fleetProbability(p, ci, n);
  return `${fleetText(est)} <small>[${fleetText(lo)}, ${fleetText(hi)}]</small>`;
}

/**
 * "Fleet": for every point and model with a `completed` proportion, the probability that all of N machines
 * complete the transition (N = 10, 1 000, 100 000) and that none of them switches a task unsafely (`anyUnsafe`),
 * each with the interval the one-machine interval implies. Empty when the result has no `completed` metric.
 */
export function fleetSection(ctx: Context): string {
  const rows: string[] = [];
  let omitted = 0;
  for (const p of ctx.doc.points) {
    for (const [model, { metrics }] of Object.entries(p.models)) {
      const done = metrics.completed;
      if (done?.kind !== "proportion") continue;
      if (rows.length >= MAX_ROWS) {
        omitted++;
        continue;
      }
      const unsafe = metrics.anyUnsafe;
      const safeCells =
        unsafe?.kind === "proportion"
          ? FLEET_SIZES.map((n) => `<td>${cell(1 - unsafe.p, [1 - unsafe.ci[1], 1 - unsafe.ci[0]], n)}</td>`)
          : FLEET_SIZES.map(() => "<td>—</td>");
      const where = ctx.varying.length > 0 ? paramsText(p, ctx.varying) : "";
      rows.push(
        `<tr><td>${p.index}${where === "" ? "" : ` <small>${esc(where)}</small>`}</td><td>${esc(model)}</td>${FLEET_SIZES.map((n) => `<td>${cell(done.p, done.ci, n)}</td>`).join("")}${safeCells.join("")}</tr>`,
      );
    }
  }
  if (rows.length === 0) return "";
  const n = FLEET_SIZES.map((s) => `N = ${fixed(s, 0)}`);
  const head = ["point", "model", ...n.map((x) => `all complete, ${x}`), ...n.map((x) => `none unsafe, ${x}`)];
  const note = omitted > 0 ? ` ${omitted} more rows are in the result document.` : "";
  return `<section id="fleet"><h2>Fleet</h2><p>The probability that a patch completes on every one of N machines, and that it switches no task unsafely on any of them: p<sup>N</sup> from one machine's estimate p, its ${esc(ctx.level)} interval carried over as [lo<sup>N</sup>, hi<sup>N</sup>]. Machines are taken as independent trials of the same point.${note}</p><div class="table-wrap"><table class="dense"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div></section>`;
}

import type { PointResult } from "@mcx/core";
import { formatCount, formatEstimate, formatPValue } from "./format.ts";
import { createTable } from "./table.ts";

/** Paired-difference rows per point before the table keeps only the first metric's pairs. */
const MAX_COMPARISONS_PER_POINT = 12;

/**
 * The table of paired differences between models (common random numbers) of the metrics shown: a − b with its
 * interval, p and the Benjamini–Hochberg q over the document's comparisons. A difference over fewer trials than the
 * point has (a value was not finite on one side) says over how many pairs, because it is then not the difference of
 * the reported means.
 */
export function pairedTable(
  points: readonly PointResult[],
  shownNames: ReadonlySet<string>,
  pointCols: readonly string[],
  pointCellsOf: (p: PointResult) => string[],
  unitOf: (metric: string) => string,
): { table: string; leftOut: boolean; note: string } {
  const shownComparisons = (p: PointResult) => {
    // Pairs with no trial where both values are finite have no difference to show.
    const all = p.comparisons.filter((c) => shownNames.has(c.metric) && c.n > 0 && Number.isFinite(c.meanDiff));
    const first = all[0]?.metric;
    return all.length <= MAX_COMPARISONS_PER_POINT ? all : all.filter((c) => c.metric === first);
  };
  if (!points.some((p) => shownComparisons(p).length > 0)) return { table: "", leftOut: false, note: "" };
  let leftOut = false;
  let skipped = false;
  const table = createTable([...pointCols, "paired difference", "a − b", "p", "q"]);
  for (const point of points) {
    const rows = shownComparisons(point);
    if (rows.length < point.comparisons.length) leftOut = true;
    rows.forEach((c, i) => {
      const unit = unitOf(c.metric);
      const diff = formatEstimate(c.meanDiff, (c.ci[1] - c.ci[0]) / 2);
      const cells = i === 0 ? pointCellsOf(point) : pointCols.map(() => "");
      const pairs = c.skipped > 0 ? ` (${formatCount(c.n)} pairs)` : "";
      if (c.skipped > 0) skipped = true;
      table.push([
        ...cells,
        `${c.metric}: ${c.a} − ${c.b}${pairs}`,
        unit === "" || unit === "count" ? diff : `${diff} ${unit}`,
        formatPValue(c.p),
        formatPValue(c.q ?? Number.NaN),
      ]);
    });
  }
  const over = skipped
    ? "over the trials where both values are finite (k pairs), so not the difference of the means above"
    : "over the same trials";
  const note = `a − b: paired ${over} (common random numbers); p two-sided, q Benjamini–Hochberg over the document's pairs`;
  return { table: table.toString(), leftOut, note };
}

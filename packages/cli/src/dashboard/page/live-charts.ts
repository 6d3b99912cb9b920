import { formatEstimate } from "../../output/format.ts";
import { type Series, xyChart } from "../../report/svg.ts";
import { scaleUnit } from "../../report/units.ts";
import type { HistoryRow } from "../live-types.ts";

/** One model's rows of one metric at one point, and its palette slot (the report's colours). */
export interface ModelRows {
  readonly model: string;
  readonly style: number;
  readonly rows: readonly HistoryRow[];
}

/** Palette slot of the reference and target lines: the text colour, dashed, so no model is mistaken for them. */
const GUIDE_STYLE = 6;

/** Estimate ± half-width against trials (log scale), a band per model: the interval narrowing as the run goes. */
/** "pause (ms)": the metric with the unit its values read best in. */
function scaled(metric: string, unit: string, values: readonly number[]) {
  const u = scaleUnit(Math.max(0, ...values.map(Math.abs).filter(Number.isFinite)), unit);
  return { factor: u.factor, label: u.unit === "" ? metric : `${metric} (${u.unit})` };
}

export function estimateChart(metric: string, unit: string, point: number, models: readonly ModelRows[]): string {
  const series: Series[] = models.map((m) => ({
    name: m.model,
    style: m.style,
    draw: "band",
    data: m.rows.map(([n, est, h]) => ({
      x: n,
      y: est,
      lo: est - h,
      hi: est + h,
      tip: `${m.model} at ${Math.round(n)} trials: ${formatEstimate(est, h)}`,
    })),
  }));
  return xyChart({
    title: `${metric} at point ${point}: estimate ± half-width`,
    description: `Running estimate of ${metric} with its half-width against trials, per model, log scale of trials.`,
    x: { label: "trials (log scale)", log: true },
    y: (() => {
      const u = scaled(
        metric,
        unit,
        models.flatMap((m) => m.rows.map((r) => r[1])),
      );
      return { label: `${u.label} ± half-width`, factor: u.factor };
    })(),
    series,
  });
}

/**
 * Half-width against trials on log–log axes, a line per model, with the n^-1/2 line through the widest model's
 * latest half-width (a settled estimate runs parallel to it), extended to the predicted trials, and the target.
 */
export function halfWidthChart(
  metric: string,
  unit: string,
  point: number,
  models: readonly ModelRows[],
  target: { readonly value: number; readonly label: string } | undefined,
  predictedTrials: number | null,
): string {
  const positive = models.map((m) => ({ ...m, rows: m.rows.filter(([n, , h]) => n > 0 && h > 0) }));
  const series: Series[] = positive.map((m) => ({
    name: m.model,
    style: m.style,
    draw: "line",
    data: m.rows.map(([n, , h]) => ({
      x: n,
      y: h,
      tip: `${m.model} at ${Math.round(n)} trials: ± ${formatEstimate(h, 0)}`,
    })),
  }));
  const lasts = positive.flatMap((m) => (m.rows.length > 0 ? [m.rows.at(-1)!] : []));
  const widest = lasts.reduce<HistoryRow | undefined>((w, r) => (w === undefined || r[2] > w[2] ? r : w), undefined);
  const first = Math.min(...positive.flatMap((m) => m.rows.map((r) => r[0])));
  if (widest !== undefined && Number.isFinite(first)) {
    const [n1, , h1] = widest;
    const end = predictedTrials !== null && predictedTrials > n1 ? predictedTrials : n1;
    const ref = (n: number) => h1 * Math.sqrt(n1 / n);
    series.push({
      name: "n^-1/2 reference",
      style: GUIDE_STYLE,
      draw: "line",
      markers: false,
      dash: "2 4",
      data: [first, n1, end].filter((n, i, a) => a.indexOf(n) === i).map((n) => ({ x: n, y: ref(n) })),
    });
    if (target !== undefined && target.value > 0) {
      series.push({
        name: target.label,
        style: GUIDE_STYLE,
        draw: "line",
        markers: false,
        dash: "10 4",
        data: [
          { x: first, y: target.value },
          { x: end, y: target.value },
        ],
      });
    }
  }
  return xyChart({
    title: `${metric} at point ${point}: half-width vs trials`,
    description: `Half-width of ${metric} against trials on log–log axes per model, with the n^-1/2 reference line and the stop rule's target.`,
    x: { label: "trials (log scale)", log: true },
    y: (() => {
      const u = scaled(
        metric,
        unit,
        positive.flatMap((m) => m.rows.map((r) => r[2])),
      );
      return { label: `half-width of ${u.label}, log scale`, log: true, factor: u.factor };
    })(),
    series,
  });
}

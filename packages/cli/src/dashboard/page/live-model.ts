import type { HistoryRow, LivePoint, LiveRun, PointHistory } from "../live-types.ts";
import type { ModelRows } from "./live-charts.ts";

/** Rows per (model, metric) of the selected point: the server's history, then every update appended. */
export type PointRows = Map<string, HistoryRow[]>;

const slotKey = (model: string, metric: string) => `${model}/${metric}`;

export function fromHistory(h: PointHistory): PointRows {
  return new Map(h.slots.map((s) => [slotKey(s.model, s.metric), [...s.rows]]));
}

/** Appends a point's latest values (when it has more trials than the last row); returns a new map when it changed. */
export function appendLatest(rows: PointRows, point: LivePoint | undefined): PointRows {
  if (point === undefined) return rows;
  let changed = false;
  const next = new Map(rows);
  for (const s of point.slots) {
    if (s.estimate === null || s.halfWidth === null) continue;
    const k = slotKey(s.model, s.metric);
    const list = next.get(k) ?? [];
    if (list.length > 0 && list.at(-1)![0] >= point.trials) continue;
    next.set(k, [...list, [point.trials, s.estimate, s.halfWidth]]);
    changed = true;
  }
  return changed ? next : rows;
}

/** The models of a run in the order of its slots: a model keeps its colour everywhere. */
export function modelsOf(run: LiveRun): string[] {
  return [...new Set(run.points.flatMap((p) => p.slots.map((s) => s.model)))];
}

export function rowsOf(rows: PointRows, models: readonly string[], metric: string): ModelRows[] {
  return models.flatMap((model, style) => {
    const r = rows.get(slotKey(model, metric));
    return r === undefined || r.length === 0 ? [] : [{ model, style, rows: r }];
  });
}

/**
 * The half-width the stop rule asks of a metric at a point: the absolute target, or the relative one times the
 * estimate of the model furthest from it (either meets the rule, so the larger applies).
 */
export function targetOf(run: LiveRun, point: LivePoint, metric: string): { value: number; label: string } | undefined {
  const rule = run.stopRule;
  if (rule === undefined || !rule.metrics.includes(metric)) return undefined;
  const slots = point.slots.filter((s) => s.metric === metric && s.estimate !== null && s.halfWidth !== null);
  const widest = slots.reduce<(typeof slots)[number] | undefined>(
    (w, s) => (w === undefined || s.halfWidth! > w.halfWidth! ? s : w),
    undefined,
  );
  const rel =
    rule.relHalfWidth !== undefined && widest !== undefined ? rule.relHalfWidth * Math.abs(widest.estimate!) : 0;
  const value = Math.max(rel, rule.absHalfWidth ?? 0);
  if (!(value > 0)) return undefined;
  const parts = [
    ...(rule.relHalfWidth === undefined ? [] : [`±${rule.relHalfWidth * 100} % rel.`]),
    ...(rule.absHalfWidth === undefined ? [] : [`±${rule.absHalfWidth} abs.`]),
  ];
  return { value, label: `target (${parts.join(" or ")})` };
}

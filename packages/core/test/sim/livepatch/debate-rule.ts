import type { ResultDocument } from "../../../src/result/document.ts";

// The rule that decides who wins a key metric at a point of examples/debate.yaml (README "What the simulation
// says about the 2015 debate"). A model is safe at a point when anyUnsafe ≤ 1 %, complete when completed ≥ 99 %.
// Among the models eligible for the metric, the best estimate wins when the tie is excluded: by the paired
// difference with the runner-up when the result holds one (common random numbers), else by non-overlapping
// 95 % intervals; a single eligible model wins alone. A winner is always safe.

export type Eligibility = "safe" | "complete" | "safe+complete";

/** The key metrics, the better direction, and who may win each. */
export const KEY_METRICS: readonly [metric: string, better: "lower" | "higher", eligible: Eligibility][] = [
  ["tDone", "lower", "safe+complete"],
  ["completed", "higher", "safe"],
  ["unsafeSwitches", "lower", "complete"],
  ["mixedSystemSeconds", "lower", "safe+complete"],
  ["signalsSent", "lower", "safe+complete"],
  ["smPauseTotal", "lower", "safe"],
];

export interface Win {
  readonly point: number;
  readonly metric: string;
  readonly model: string;
  readonly estimate: number;
}

type Point = ResultDocument["points"][number];

function estimate(p: Point, model: string, metric: string): number | undefined {
  const r = p.models[model]?.metrics[metric];
  if (r === undefined) return undefined;
  return r.kind === "proportion" ? r.p : r.mean;
}

function separated(p: Point, metric: string, best: string, second: string, better: "lower" | "higher"): boolean {
  const paired = p.comparisons.find(
    (c) => c.metric === metric && ((c.a === best && c.b === second) || (c.a === second && c.b === best)),
  );
  if (paired !== undefined) return paired.ci[0] > 0 || paired.ci[1] < 0;
  const a = p.models[best].metrics[metric].ci;
  const b = p.models[second].metrics[metric].ci;
  return better === "lower" ? a[1] < b[0] : a[0] > b[1];
}

/** Every win of the document under the rule above. */
export function debateWins(doc: ResultDocument): Win[] {
  const wins: Win[] = [];
  for (const p of doc.points) {
    const models = Object.keys(p.models);
    const safe = (m: string) => (estimate(p, m, "anyUnsafe") ?? 1) <= 0.01;
    const complete = (m: string) => (estimate(p, m, "completed") ?? 0) >= 0.99;
    for (const [metric, better, eligible] of KEY_METRICS) {
      const ranked = models
        .filter((m) => Number.isFinite(estimate(p, m, metric) ?? Number.NaN))
        .filter((m) => (eligible === "complete" || safe(m)) && (eligible === "safe" || complete(m)))
        .sort((x, y) => {
          const d = (estimate(p, x, metric) as number) - (estimate(p, y, metric) as number);
          return better === "lower" ? d : -d;
        });
      const [best, second] = ranked;
      if (best === undefined || !safe(best)) continue;
      if (second !== undefined && !separated(p, metric, best, second, better)) continue;
      wins.push({ point: p.index, metric, model: best, estimate: estimate(p, best, metric) as number });
    }
  }
  return wins;
}

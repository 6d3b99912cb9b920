// The convergence snapshot in progress messages (`mcx watch`): per point and metric, estimate ± half-width.
import { flattenParams, type ResolvedSpec, type ResultDocument, type RunProgress, varyingParams } from "@mcx/core";
import type { ProgressSnapshot } from "@mcx/protocol";

/** Characters of a point label in a progress snapshot. */
const LABEL_CHARS = 80;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** What a snapshot says about the spec, the same in every message of a run. */
export interface SnapshotContext {
  readonly stopRule?: ProgressSnapshot["stopRule"];
  /** Per point index: its swept keys' values, `rate=1000 nCpu=8`. */
  readonly labels: readonly string[];
}

/** The value at a dot path of nested parameters (a swept key may name an object: its JSON is shown). */
function valueAt(params: Readonly<Record<string, unknown>>, path: string): unknown {
  const flat = flattenParams(params);
  if (path in flat) return flat[path];
  let v: unknown = params;
  for (const seg of path.split("."))
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

/**
 * The spec's part of every snapshot: the stop rule, and a label per point of a sweep: the values of the keys the spec
 * sweeps (not of the parameters whose defaults follow them), as the report's sweep charts use.
 * @example snapshotContext(spec).labels[1] // → "nCpu=16" for a sweep over nCpu
 */
export function snapshotContext(spec: ResolvedSpec): SnapshotContext {
  // Specs resolved by an older build carry no sweep shape: the parameters that vary stand in for its keys.
  const swept = spec.sweep?.keys ?? varyingParams(spec.points);
  const labels =
    swept.length === 0
      ? []
      : spec.points.map((p) => {
          const text = swept
            .map((path) => {
              const v = valueAt(p.params, path);
              return `${path}=${typeof v === "string" ? v : (JSON.stringify(v) ?? "—")}`;
            })
            .join(" ");
          return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
        });
  const stop = spec.stop;
  return {
    labels,
    ...(stop === undefined
      ? {}
      : {
          stopRule: {
            metrics: [...stop.metrics],
            ...(stop.relHalfWidth === undefined ? {} : { relHalfWidth: stop.relHalfWidth }),
            ...(stop.absHalfWidth === undefined ? {} : { absHalfWidth: stop.absHalfWidth }),
          },
        }),
  };
}

/** A run's progress as a wire snapshot (non-finite numbers become null). */
export function toSnapshot(s: RunProgress, ctx: SnapshotContext): ProgressSnapshot {
  return {
    ...(ctx.stopRule === undefined ? {} : { stopRule: ctx.stopRule }),
    points: s.points.map((p) => ({
      index: p.index,
      ...(ctx.labels[p.index] === undefined ? {} : { label: ctx.labels[p.index] }),
      trials: p.trials,
      stop: p.stop,
      predictedTrials: finite(p.predictedTrials),
      slots: p.slots.map((slot) => ({
        model: slot.model,
        metric: slot.metric,
        estimate: finite(slot.estimate),
        halfWidth: finite(slot.halfWidth),
      })),
    })),
  };
}

/**
 * The progress a finished result stands for, so the final progress message carries the result's own estimates and
 * a watcher ends on the stored numbers.
 */
export function progressOfResult(doc: ResultDocument): RunProgress {
  const trials = doc.points.reduce((n, p) => n + p.trials, 0);
  return {
    trialsDone: trials,
    trialsPlanned: trials,
    shardsDone: doc.run.shards.completed,
    shardsPlanned: doc.run.shards.planned,
    done: true,
    points: doc.points.map((p) => ({
      index: p.index,
      trials: p.trials,
      stop: p.stopped,
      predictedTrials: p.trials,
      slots: Object.entries(p.models).flatMap(([model, m]) =>
        Object.entries(m.metrics).map(([metric, r]) => {
          const estimate = r.kind === "proportion" ? r.p : r.mean;
          return { model, metric, estimate, halfWidth: (r.ci[1] - r.ci[0]) / 2 };
        }),
      ),
    })),
  };
}

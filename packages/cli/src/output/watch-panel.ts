import type { ProgressMessage, ProgressSnapshot } from "@mcx/client";
import { formatCount, formatDuration, formatEstimate, formatNumber } from "./format.ts";

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });

/** A count in at most three significant digits: 2000 → "2K", 12500 → "12.5K", 1500000 → "1.5M". */
function short(n: number): string {
  return Number.isFinite(n) ? compact.format(n) : "—";
}

/** What `mcx watch` remembers between progress messages. */
export interface WatchState {
  /** The latest message. */
  last: ProgressMessage | undefined;
  /** The latest snapshot (messages carry one at most about once a second). */
  snapshot: ProgressSnapshot | undefined;
  /** (time, trials done) of recent messages, for the rate. */
  readonly samples: { readonly ms: number; readonly trials: number }[];
  /** Per `point/model/metric`: (trials, estimate, half-width) at each snapshot with more trials than the last. */
  readonly history: Map<string, { readonly trials: number; readonly estimate: number; readonly halfWidth: number }[]>;
}

/** Options of {@link renderWatchPanel}. */
export interface WatchPanelOptions {
  /**
   * Metrics shown when the run has no stop rule (an adaptive run shows its stop metrics).
   * @defaultValue the first two metrics of the snapshot
   */
  readonly keyMetrics?: readonly string[];
  /**
   * Points shown; a sweep's others are counted.
   * @defaultValue 4
   */
  readonly maxPoints?: number;
  /**
   * Lines are cut to this many characters (a terminal's width), so a redraw in place never wraps.
   * @defaultValue no limit
   */
  readonly width?: number;
}

/** The rate is measured over this much of the recent past. */
const RATE_WINDOW_MS = 10_000;
/** Checkpoints of the half-width shown per row. */
const HISTORY_SHOWN = 4;
const HISTORY_KEPT = 16;

export function createWatchState(): WatchState {
  return { last: undefined, snapshot: undefined, samples: [], history: new Map() };
}

const key = (point: number, model: string, metric: string): string => `${point}/${model}/${metric}`;

/** What the rate and the ETA need of the state: the latest message and snapshot, and recent (time, trials). */
export type RateState = Pick<WatchState, "last" | "snapshot" | "samples">;

/** Takes one progress message (received at `nowMs`) into the rate's state; `snapshot` replaces the message's own. */
export function advanceRate(
  state: RateState,
  message: ProgressMessage,
  nowMs: number,
  snapshot = message.snapshot,
): void {
  state.last = message;
  const last = state.samples.at(-1);
  // A restarted coordinator may report fewer trials for a moment; a sample never goes back.
  if (!last || message.trialsDone >= last.trials) state.samples.push({ ms: nowMs, trials: message.trialsDone });
  while (state.samples.length > 2 && nowMs - state.samples[0]!.ms > RATE_WINDOW_MS) state.samples.shift();
  if (snapshot) state.snapshot = snapshot;
}

/** Takes one progress message (received at `nowMs`) into the state. */
export function advanceWatch(state: WatchState, message: ProgressMessage, nowMs: number): WatchState {
  advanceRate(state, message, nowMs);
  if (message.snapshot) {
    for (const p of message.snapshot.points) {
      for (const s of p.slots) {
        if (s.estimate === null || s.halfWidth === null) continue;
        const k = key(p.index, s.model, s.metric);
        const h = state.history.get(k) ?? [];
        if (h.length === 0 || p.trials > h.at(-1)!.trials) {
          h.push({ trials: p.trials, estimate: s.estimate, halfWidth: s.halfWidth });
          if (h.length > HISTORY_KEPT) h.shift();
          state.history.set(k, h);
        }
      }
    }
  }
  return state;
}

/** Trials per second: over the recent window when it spans a second, else since the run started. */
export function watchRate(state: RateState): number | undefined {
  const first = state.samples[0];
  const last = state.samples.at(-1);
  if (first && last && last.ms - first.ms >= 1000 && last.trials > first.trials)
    return ((last.trials - first.trials) * 1000) / (last.ms - first.ms);
  const m = state.last;
  if (m && m.elapsedSeconds > 0 && m.trialsDone > 0) return m.trialsDone / m.elapsedSeconds;
  return undefined;
}

/**
 * Trials still to run and whether that is a prediction: for an adaptive run, each running point needs its predicted
 * trials (CLT extrapolation at its last checkpoint, capped at its maxTrials) or its cap when there is no prediction
 * yet; for a fixed run, what is left of the plan.
 */
export function remainingTrials(state: RateState): { trials: number; predicted: boolean } | undefined {
  const m = state.last;
  if (!m) return undefined;
  const snap = state.snapshot;
  if (!snap?.stopRule || snap.points.length === 0)
    return { trials: Math.max(0, m.trialsPlanned - m.trialsDone), predicted: false };
  const cap = m.trialsPlanned / snap.points.length;
  let trials = 0;
  let predicted = true;
  for (const p of snap.points) {
    if (p.stop !== "running") continue;
    const target = p.predictedTrials === null ? cap : Math.min(cap, Math.max(p.predictedTrials, p.trials));
    if (p.predictedTrials === null) predicted = false;
    trials += Math.max(0, target - p.trials);
  }
  return { trials, predicted };
}

function percent(x: number): string {
  const v = Math.abs(x) * 100;
  return `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2)}%`;
}

/** Half-width relative to the estimate when that means something, else absolute. */
function relativeWidth(estimate: number, halfWidth: number, relative: boolean): string {
  if (relative && estimate !== 0) return `±${percent(halfWidth / estimate)}`;
  return `±${formatNumber(halfWidth, 2)}`;
}

function stopText(stop: string): string {
  switch (stop) {
    case "running":
      return "running";
    case "target_met":
      return "target met";
    case "max_trials":
      return "target NOT met (maxTrials)";
    case "fixed":
      return "done";
    default:
      return stop.replace(/_/g, " ");
  }
}

function targetText(rule: NonNullable<ProgressSnapshot["stopRule"]>): string {
  const parts = [
    ...(rule.relHalfWidth === undefined ? [] : [`±${percent(rule.relHalfWidth)} relative`]),
    ...(rule.absHalfWidth === undefined ? [] : [`±${rule.absHalfWidth} absolute`]),
  ];
  return `${rule.metrics.join(", ")} to ${parts.join(" or ")}`;
}

/** Whether a row's interval meets the stop rule (same test as the coordinator's `meetsTarget`). */
function meets(rule: NonNullable<ProgressSnapshot["stopRule"]>, estimate: number, halfWidth: number): boolean {
  return (
    (rule.relHalfWidth !== undefined && halfWidth <= rule.relHalfWidth * Math.abs(estimate)) ||
    (rule.absHalfWidth !== undefined && halfWidth <= rule.absHalfWidth)
  );
}

/** Pads cells to common column widths (left-aligned), two spaces apart. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - [...c].length)))
      .join("  ")
      .trimEnd(),
  );
}

/** The one-line form of a progress message, for `mcx watch` when stdout is not a terminal. */
export function renderWatchLine(state: WatchState): string {
  const m = state.last;
  if (!m) return "";
  const pct = m.trialsPlanned > 0 ? ((100 * m.trialsDone) / m.trialsPlanned).toFixed(1) : "0.0";
  const rate = watchRate(state);
  return `${m.runId} ${m.status} trials ${formatCount(m.trialsDone)}/${formatCount(m.trialsPlanned)} (${pct}%) shards ${m.shardsDone}/${m.shardsPlanned}${rate === undefined ? "" : ` ${short(rate)} trials/s`}`;
}

/**
 * The live panel of `mcx watch`: run status, trials and shards, rate and ETA; then per point (the first few of a
 * sweep) the metrics of the stop rule (or key metrics) per model, `estimate ± half-width` now and the half-width at
 * the last few snapshots (how it shrank as trials grew); for adaptive runs the predicted trials to the target.
 */
export function renderWatchPanel(state: WatchState, options: WatchPanelOptions = {}): string {
  const m = state.last;
  if (!m) return "";
  const maxPoints = options.maxPoints ?? 4;
  const lines: string[] = [];
  const final = m.status !== "running";
  lines.push(`run ${m.runId} · ${m.status.replace(/_/g, " ")} · ${formatDuration(m.elapsedSeconds)}`);
  const pct = m.trialsPlanned > 0 ? Math.min(100, (100 * m.trialsDone) / m.trialsPlanned).toFixed(1) : "0.0";
  const rate = watchRate(state);
  const left = remainingTrials(state);
  const eta =
    final || left === undefined
      ? undefined
      : left.trials === 0
        ? "ETA —"
        : rate === undefined
          ? "ETA —"
          : `ETA ${left.predicted ? "~" : "≤ "}${formatDuration(left.trials / rate)}`;
  const snap = state.snapshot;
  const adaptive = snap?.stopRule !== undefined;
  lines.push(
    [
      `trials ${formatCount(m.trialsDone)} of ${adaptive ? "at most " : ""}${formatCount(m.trialsPlanned)} (${pct}%)`,
      adaptive && !final
        ? `shards ${formatCount(m.shardsDone)} (of at most ${formatCount(m.shardsPlanned)})`
        : `shards ${formatCount(m.shardsDone)}/${formatCount(m.shardsPlanned)}`,
      rate === undefined ? "— trials/s" : `${short(rate)} trials/s`,
      ...(eta === undefined ? [] : [eta]),
    ].join(" · "),
  );
  if (snap?.stopRule) lines.push(`stop rule: ${targetText(snap.stopRule)}`);
  if (m.duplicatesDropped > 0 || m.rejected > 0)
    lines.push(`${m.duplicatesDropped} duplicate shards dropped, ${m.rejected} messages rejected`);

  if (snap) {
    const present = [...new Set(snap.points.flatMap((p) => p.slots.map((s) => s.metric)))];
    const wanted = snap.stopRule?.metrics ?? options.keyMetrics ?? present.slice(0, 2);
    const metrics = wanted.filter((x) => present.includes(x));
    const relative = snap.stopRule?.relHalfWidth !== undefined || snap.stopRule === undefined;
    for (const p of snap.points.slice(0, maxPoints)) {
      const head = [
        `point ${p.index}`,
        ...(p.label === undefined ? [] : [p.label]),
        `${formatCount(p.trials)} trials`,
        stopText(p.stop),
      ];
      if (adaptive && p.stop === "running" && p.predictedTrials !== null)
        head.push(`predicted ${formatCount(Math.max(p.predictedTrials, p.trials))} trials to target`);
      lines.push("", head.join(" · "));
      const rows: string[][] = [["  model", "metric", "estimate ± half-width", "half-width vs trials"]];
      const slots = metrics.flatMap((metric) => p.slots.filter((s) => s.metric === metric));
      for (const s of slots) {
        const now = s.estimate === null ? "—" : formatEstimate(s.estimate, s.halfWidth ?? Number.NaN);
        const mark =
          snap.stopRule && s.estimate !== null && s.halfWidth !== null
            ? meets(snap.stopRule, s.estimate, s.halfWidth)
              ? " ✓"
              : ""
            : "";
        const history = (state.history.get(key(p.index, s.model, s.metric)) ?? [])
          .slice(-HISTORY_SHOWN)
          .map((h) => `${short(h.trials)}: ${relativeWidth(h.estimate, h.halfWidth, relative)}`)
          .join("  ");
        rows.push([`  ${s.model}`, s.metric, `${now}${mark}`, history]);
      }
      if (slots.length === 0) rows.push(["  (no estimates yet)"]);
      lines.push(...columns(rows));
    }
    if (snap.points.length > maxPoints)
      lines.push(
        "",
        `(${formatCount(snap.points.length - maxPoints)} more point${snap.points.length - maxPoints === 1 ? "" : "s"}; \`mcx results ${m.runId}\` has them all)`,
      );
  }
  if (m.digest !== undefined) lines.push("", `digest ${m.digest}`);
  if (m.regression !== undefined) {
    const r = m.regression;
    lines.push(r.differs ? `REGRESSION ${r.summary}` : `regression none: ${r.summary}`);
  }
  if (m.error !== undefined) lines.push(`error ${m.error.code}: ${m.error.message}`);
  const width = options.width;
  const cut = (l: string): string =>
    width !== undefined && [...l].length > width ? `${[...l].slice(0, width - 1).join("")}…` : l;
  return `${lines.map(cut).join("\n")}\n`;
}

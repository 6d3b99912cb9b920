import { convergenceDiagnostics, getSimulation } from "@mcx/core";
import { keyMetricsOf } from "../output/summary-table.ts";
import { advanceRate, type RateState, remainingTrials, watchRate } from "../output/watch-panel.ts";
import {
  type CoordinatorLink,
  isFinalStatus,
  type ProgressMessage,
  type ProgressSnapshot,
} from "./coordinator-link.ts";
import type { LivePoint, LiveRun, PointHistory } from "./live-types.ts";
import { SlotHistory } from "./slot-history.ts";

/** Key metrics followed live when the run has no stop rule. */
const KEY_METRICS = 3;
/** Rows of history kept per run, over all its slots (the memory bound of a followed run). */
export const HISTORY_BUDGET = 60_000;
/** Rows kept per slot: between these, as the budget allows. */
const SLOT_ROWS: readonly [number, number] = [8, 64];
/** Warnings sent at most (a page of them). */
const MAX_WARNINGS = 50;
/** A followed run whose watch fails (a coordinator restarting) is watched again after this long. */
const RETRY_MS = 2_000;

export interface RunFeedOptions {
  readonly link: CoordinatorLink;
  readonly runId: string;
  readonly simulation: string;
  /**
   * Least time between two updates to subscribers (the coordinator may publish faster).
   * @defaultValue 250 (4 updates a second)
   */
  readonly minIntervalMs?: number;
}

const key = (point: number, model: string, metric: string) => `${point}/${model}/${metric}`;

/**
 * One run followed live for the dashboard: the coordinator's progress messages, reduced to the run's stop-rule (or
 * key) metrics, with a bounded history of each (point, model, metric) and the rate, ETA and convergence warnings,
 * sent to its subscribers at most every `minIntervalMs`. The watch runs while somebody subscribes.
 */
export class RunFeed {
  readonly runId: string;
  private readonly link: CoordinatorLink;
  private readonly simulation: string;
  private readonly minIntervalMs: number;
  private readonly listeners = new Set<(run: LiveRun) => void>();
  private readonly histories = new Map<string, SlotHistory>();
  private readonly rate: RateState = { last: undefined, snapshot: undefined, samples: [] };
  private metrics: string[] | undefined;
  private points: LivePoint[] = [];
  private latest: LiveRun | undefined;
  private seq = 0;
  private lastSent = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;
  private ended = false;

  constructor(options: RunFeedOptions) {
    this.runId = options.runId;
    this.link = options.link;
    this.simulation = options.simulation;
    this.minIntervalMs = options.minIntervalMs ?? 250;
  }

  /** Starts following (on the first subscriber) and returns the unsubscribe function. */
  subscribe(listener: (run: LiveRun) => void): () => void {
    this.listeners.add(listener);
    if (this.latest !== undefined) listener(this.latest);
    if (this.abort === undefined && !this.ended) void this.follow();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.pause();
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  current(): LiveRun | undefined {
    return this.latest;
  }

  /** Every followed slot of one point with its rows so far. */
  history(point: number): PointHistory {
    const slots = (this.points.find((p) => p.index === point)?.slots ?? []).map((s) => ({
      model: s.model,
      metric: s.metric,
      rows: this.histories.get(key(point, s.model, s.metric))?.toArray() ?? [],
    }));
    return { point, slots };
  }

  /** Rows of history held (bounded by {@link HISTORY_BUDGET} plus one row per slot). */
  retainedRows(): number {
    let n = 0;
    for (const h of this.histories.values()) n += h.length;
    return n;
  }

  stop(): void {
    this.pause();
    this.listeners.clear();
  }

  private pause(): void {
    this.abort?.abort();
    this.abort = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async follow(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    while (!abort.signal.aborted && !this.ended) {
      try {
        for await (const m of this.link.watch(this.runId, abort.signal)) this.take(m);
        // The watch ends with the run's final message (or the abort).
        if (isFinalStatus(this.rate.last?.status ?? "running")) this.ended = true;
      } catch {
        // Not reachable for now (a coordinator failing over, NATS reconnecting): try again shortly.
      }
      if (!this.ended && !abort.signal.aborted) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    if (this.abort === abort) this.abort = undefined;
  }

  private followedMetrics(snapshot: ProgressSnapshot): string[] {
    if (snapshot.stopRule !== undefined) return snapshot.stopRule.metrics;
    const present = [...new Set(snapshot.points.flatMap((p) => p.slots.map((s) => s.metric)))];
    const wanted = keyMetricsOf(this.simulation, KEY_METRICS) ?? present.slice(0, 2);
    return wanted.filter((m) => present.includes(m));
  }

  private take(m: ProgressMessage): void {
    if (m.snapshot !== undefined) {
      this.metrics ??= this.followedMetrics(m.snapshot);
      const metrics = this.metrics;
      this.points = m.snapshot.points.map((p) => ({
        index: p.index,
        ...(p.label === undefined ? {} : { label: p.label }),
        trials: p.trials,
        stop: p.stop,
        predictedTrials: p.predictedTrials,
        slots: p.slots.filter((s) => metrics.includes(s.metric)),
      }));
      const slots = this.points.reduce((n, p) => n + p.slots.length, 0);
      const capacity = Math.max(SLOT_ROWS[0], Math.min(SLOT_ROWS[1], Math.floor(HISTORY_BUDGET / Math.max(1, slots))));
      for (const p of this.points) {
        for (const s of p.slots) {
          if (s.estimate === null || s.halfWidth === null) continue;
          const k = key(p.index, s.model, s.metric);
          let h = this.histories.get(k);
          if (h === undefined) {
            h = new SlotHistory(capacity);
            this.histories.set(k, h);
          }
          h.push(p.trials, s.estimate, s.halfWidth);
        }
      }
    }
    // The rate and ETA need only the points' trials and predictions: the reduced snapshot will do.
    const reduced = m.snapshot === undefined ? undefined : { ...m.snapshot, points: this.points };
    advanceRate(this.rate, m, Date.now(), reduced);
    this.latest = this.liveRun(m);
    this.schedule(isFinalStatus(m.status));
  }

  private liveRun(m: ProgressMessage): LiveRun {
    const rate = watchRate(this.rate);
    const left = remainingTrials(this.rate);
    const final = isFinalStatus(m.status);
    const stopRule = this.rate.snapshot?.stopRule;
    return {
      seq: ++this.seq,
      runId: m.runId,
      status: m.status,
      trialsDone: m.trialsDone,
      trialsPlanned: m.trialsPlanned,
      shardsDone: m.shardsDone,
      shardsPlanned: m.shardsPlanned,
      duplicatesDropped: m.duplicatesDropped,
      rejected: m.rejected,
      shardsRetried: m.shardsRetried ?? null,
      elapsedSeconds: m.elapsedSeconds,
      ratePerSecond: rate ?? null,
      eta:
        final || left === undefined || rate === undefined || left.trials === 0
          ? null
          : { seconds: left.trials / rate, predicted: left.predicted },
      ...(stopRule === undefined ? {} : { stopRule }),
      metrics: this.metrics ?? [],
      units: Object.fromEntries(this.declared().map((d) => [d.name, d.unit])),
      points: this.points,
      // Filled in when sent: the slope fits are per update sent, not per message.
      warnings: [],
      ...(m.digest === undefined ? {} : { digest: m.digest }),
      ...(m.error === undefined ? {} : { error: m.error }),
      ...(m.regression === undefined ? {} : { regression: m.regression }),
      at: m.at,
    };
  }

  /** Half-widths that do not shrink as n^-1/2 over at least a decade of trials (the report's slope rule). */
  private warnings(): string[] {
    const kinds = new Map(this.declared().map((m) => [m.name, m.kind]));
    const out: string[] = [];
    for (const [k, h] of this.histories) {
      const rows = h.toArray();
      if (rows.length < 4 || rows.at(-1)![0] < 10 * rows[0]![0]) continue;
      const [point, model, metric] = k.split("/");
      const { warnings } = convergenceDiagnostics(kinds.get(metric!) ?? "continuous", rows, { n: 0, mean: 0, m2: 0 });
      for (const w of warnings) out.push(`point ${point} · ${model} · ${metric}: ${w}`);
      if (out.length >= MAX_WARNINGS) break;
    }
    return out;
  }

  /** The simulation's metric declarations (none when this build does not know it). */
  private declared(): readonly { name: string; kind: "continuous" | "proportion"; unit: string }[] {
    try {
      return getSimulation(this.simulation).metrics;
    } catch {
      return [];
    }
  }

  private schedule(now: boolean): void {
    const wait = this.lastSent + this.minIntervalMs - Date.now();
    if (now || wait <= 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.send();
    } else this.timer ??= setTimeout(() => this.send(), wait);
  }

  private send(): void {
    this.timer = undefined;
    this.lastSent = Date.now();
    if (this.latest === undefined) return;
    const run: LiveRun = { ...this.latest, warnings: this.warnings() };
    this.latest = run;
    for (const l of this.listeners) l(run);
  }
}

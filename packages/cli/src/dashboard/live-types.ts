// What the dashboard server sends the page (JSON over HTTP and server-sent events). Types (and one name): the page
// imports them too, so the server and the page agree on every field.
import type {
  CoordinatorStats,
  DeadLetterEntry,
  DeadLettersReply,
  ProgressMessage,
  ProgressSnapshot,
  QueueCounts,
  RunRecord,
  ScheduleRecord,
  WorkerInfo,
} from "./coordinator-link.ts";
import type { HistoryRow } from "./slot-history.ts";

export type { DeadLetterEntry, DeadLettersReply, HistoryRow, QueueCounts, RunRecord, ScheduleRecord, WorkerInfo };

/** `report.html?compare=baseline`: compare with the schedule's baseline (no run id the coordinator makes: no '-'). */
export const COMPARE_BASELINE = "baseline";

/** One point of a run as followed live: its trials, stop state, prediction and the followed metrics per model. */
export type LivePoint = ProgressSnapshot["points"][number];

/** A run as the live page shows it; `seq` grows with every update. */
export interface LiveRun {
  readonly seq: number;
  readonly runId: string;
  readonly status: ProgressMessage["status"];
  readonly trialsDone: number;
  readonly trialsPlanned: number;
  readonly shardsDone: number;
  readonly shardsPlanned: number;
  readonly duplicatesDropped: number;
  readonly rejected: number;
  /** Merged shards that came from a later attempt (null when the coordinator does not say). */
  readonly shardsRetried: number | null;
  readonly elapsedSeconds: number;
  /** Trials per second over the last seconds (null until known). */
  readonly ratePerSecond: number | null;
  /** Time to the end at the current rate; `predicted` when adaptive points' predicted trials went into it. */
  readonly eta: { readonly seconds: number; readonly predicted: boolean } | null;
  readonly stopRule?: ProgressSnapshot["stopRule"];
  /** The metrics followed: the stop rule's, or the simulation's key metrics. */
  readonly metrics: readonly string[];
  /** Each followed metric's unit ("s", "count", "" …), for axis labels. */
  readonly units: Readonly<Record<string, string>>;
  readonly points: readonly LivePoint[];
  /** Convergence warnings (a half-width that does not shrink as n^-1/2), at most a page of them. */
  readonly warnings: readonly string[];
  readonly digest?: string;
  readonly error?: ProgressMessage["error"];
  readonly regression?: ProgressMessage["regression"];
  readonly at: string;
}

/** The history of every followed slot of one point: [trials, estimate, half-width] rows. */
export interface PointHistory {
  readonly point: number;
  readonly slots: readonly { readonly model: string; readonly metric: string; readonly rows: readonly HistoryRow[] }[];
}

/** `GET /api/runs`: the latest runs, the schedules (for the baseline link) and the coordinator that answered. */
export interface RunsView {
  readonly runs: readonly RunRecord[];
  readonly schedules: readonly ScheduleRecord[];
  readonly coordinator: CoordinatorStats;
  /** Per running run: trials per second between the last two listings, and the planned trials left at that rate. */
  readonly live: Readonly<
    Record<string, { readonly ratePerSecond: number | null; readonly etaSeconds: number | null }>
  >;
  readonly at: string;
}

/** `GET /api/workers`: workers (with their throughput), the BullMQ queues and the dead letters. */
export interface WorkersView {
  readonly workers: readonly WorkerInfo[];
  readonly coordinator: CoordinatorStats;
  /** The shard and schedule queues' counts (null when the coordinator could not say). */
  readonly queues: readonly QueueCounts[] | null;
  /** Dead letters of every run: counts per run and the newest (null when the coordinator could not say). */
  readonly deadLetters: DeadLettersReply | null;
  /** Why a part is missing (an older coordinator without that API verb, Redis unreachable …). */
  readonly problems: readonly string[];
  readonly at: string;
}

/** `GET /api/runs/:id/dead-letters`: one run's dead letters, the newest first. */
export interface RunDeadLetters {
  readonly matching: number;
  readonly letters: readonly DeadLetterEntry[];
}
